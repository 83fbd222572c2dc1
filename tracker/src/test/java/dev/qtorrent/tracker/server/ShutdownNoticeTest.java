package dev.qtorrent.tracker.server;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.peer.serve.ResetSecret;
import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.tracker.TestTracker;
import dev.qtorrent.tracker.seed.SeededTorrent;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stopping tracker tells its clients, and a restarted one ends the connections of the run before it with a
 * stateless reset, so clients learn of either far sooner than the 30 s idle timeout.
 */
@Timeout(60)
class ShutdownNoticeTest {
    /** Far below the idle timeout (30 s), generous for a loaded machine. */
    private static final long PROMPTLY_MILLIS = 5_000;

    @TempDir
    Path seed;
    @TempDir
    Path tls;

    private static AnnounceRequest announce(SeededTorrent torrent) {
        return new AnnounceRequest(torrent.infoHash().hex(), "-QT0100-shutdowntest", 0, 0, 0, 1, null);
    }

    private static void assertServed(NodeConnection connection, SeededTorrent torrent) throws Exception {
        assertInstanceOf(AnnounceResponse.class, connection.exchange(announce(torrent)).get(10, TimeUnit.SECONDS));
    }

    private static boolean closesWithin(NodeConnection connection, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (connection.isActive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return !connection.isActive();
    }

    @Test
    void stoppingClosesEveryConnectionAtOnce() throws Exception {
        TestTracker tracker = TestTracker.start(seed);
        SeededTorrent torrent = tracker.torrent("hello_world.txt");
        try (NodeConnection first = tracker.connect(); NodeConnection second = tracker.connect()) {
            assertServed(first, torrent);
            assertServed(second, torrent);
            tracker.close();
            assertTrue(closesWithin(first, PROMPTLY_MILLIS), "the first client hears of the shutdown");
            assertTrue(closesWithin(second, PROMPTLY_MILLIS), "the second client hears of the shutdown");
        } finally {
            tracker.close();
        }
    }

    @Test
    void restartedTrackerResetsConnectionsOfTheRunBefore() throws Exception {
        NodeIdentity identity = NodeIdentity.generate("127.0.0.1");
        TestTracker before = TestTracker.start(seed, identity, ResetSecret.loadOrCreate(tls), 0);
        int port = before.address().getPort();
        SeededTorrent torrent = before.torrent("hello_world.txt");
        try (NodeConnection client = before.connect()) {
            assertServed(client, torrent);
            // Gone without a word, as when the closing notice is lost or the process is killed.
            before.server().closeWithoutNotice();
            before.close();
            try (TestTracker after = TestTracker.start(seed, identity, ResetSecret.loadOrCreate(tls), port)) {
                assertThrows(ExecutionException.class, () -> client.exchange(announce(torrent))
                        .get(PROMPTLY_MILLIS, TimeUnit.MILLISECONDS), "the old connection is reset");
                assertTrue(closesWithin(client, PROMPTLY_MILLIS), "the client's connection is closed");
                try (NodeConnection fresh = after.connect()) {
                    assertServed(fresh, torrent);
                }
            }
        } finally {
            before.close();
        }
    }

    @Test
    void aTrackerWithAnotherSecretCannotResetThem() throws Exception {
        NodeIdentity identity = NodeIdentity.generate("127.0.0.1");
        TestTracker before = TestTracker.start(seed, identity, ResetSecret.random(), 0);
        int port = before.address().getPort();
        SeededTorrent torrent = before.torrent("hello_world.txt");
        try (NodeConnection client = before.connect()) {
            assertServed(client, torrent);
            before.server().closeWithoutNotice();
            before.close();
            try (TestTracker after = TestTracker.start(seed, identity, ResetSecret.random(), port)) {
                client.exchange(announce(torrent));
                assertTrue(!closesWithin(client, 3_000), "nothing can end the connection but its idle timeout");
            }
        } finally {
            before.close();
        }
    }
}
