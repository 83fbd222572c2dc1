package dev.qtorrent.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.tracker.TestTracker;
import dev.qtorrent.tracker.seed.SeededTorrent;
import dev.qtorrent.tracker.swarm.redis.RedisServer;
import dev.qtorrent.tracker.swarm.redis.RedisSwarmStore;
import io.lettuce.core.RedisURI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A download whose first announce finds the tracker's swarm store (a real redis-server) down: the tracker answers
 * {@code unavailable}, and the client asks again instead of giving up, so the download completes once Redis is back.
 */
@Timeout(60)
class SwarmStoreOutageTest {
    @TempDir
    Path dir;

    @Test
    void aDownloadWaitsOutAnUnavailableSwarmStore() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            NodeIdentity identity = NodeIdentity.generate("127.0.0.1");
            Path seed = Files.createDirectories(dir.resolve("seed"));
            Files.writeString(seed.resolve("hello_world.txt"), "Hello World!");
            try (RedisSwarmStore store = RedisSwarmStore.connect(RedisURI.create(redis.uri()), Clock.systemUTC(),
                    Duration.ofSeconds(60), TestTracker.self(identity));
                 TestTracker tracker = TestTracker.start(seed, identity, store)) {
                SeededTorrent hello = tracker.torrent("hello_world.txt");
                redis.stop();
                Thread back = new Thread(() -> {
                    try {
                        Thread.sleep(1500);
                        redis.startAgain();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                back.start();
                Path output = dir.resolve("downloaded/hello_world.txt");
                CliHarness cli = new CliHarness();

                int code = cli.run("download", hello.torrentFile(), output, "127.0.0.1",
                        tracker.address().getPort());

                back.join();
                assertEquals(0, code, cli.err());
                assertEquals("Hello World!", Files.readString(output));
            }
        }
    }
}
