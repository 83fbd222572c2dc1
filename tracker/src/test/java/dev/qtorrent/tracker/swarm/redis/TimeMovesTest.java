package dev.qtorrent.tracker.swarm.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Time moves made on an event loop go out together once the loop's task is done, each with its own reply. */
@Timeout(60)
class TimeMovesTest {
    private static final byte[] TIMES = bytes("{0123}t");

    private RedisServer redis;
    private RedisClient client;
    private StatefulRedisConnection<byte[], byte[]> connection;
    private final EventLoopGroup loop = new DefaultEventLoopGroup(1);

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start();
        client = RedisClient.create(RedisURI.create(redis.uri()));
        connection = client.connect(ByteArrayCodec.INSTANCE);
    }

    @AfterEach
    void stop() throws Exception {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        connection.close();
        client.shutdown();
        redis.close();
    }

    @Test
    void movesOfOneTaskGoOutWhenItEndsAndEachHearsWhetherItsEntryWasThere() throws Exception {
        for (int i = 0; i < 50; i++) {
            connection.sync().zadd(TIMES, 1.0, bytes("held-" + i));
        }
        TimeMoves moves = new TimeMoves(connection);
        List<CompletableFuture<Long>> replies = new ArrayList<>();
        loop.submit(() -> {
            for (int i = 0; i < 50; i++) {
                replies.add(moves.move(TIMES, 1000.0 + i, bytes("held-" + i)));
                replies.add(moves.move(TIMES, 1000.0 + i, bytes("gone-" + i)));
            }
            // Sent one by one, the first replies would be back by now.
            Thread.sleep(200);
            assertFalse(replies.stream().anyMatch(CompletableFuture::isDone), "nothing written before the task ends");
            return null;
        }).sync();

        for (int i = 0; i < 50; i++) {
            assertEquals(1L, replies.get(2 * i).get(10, TimeUnit.SECONDS), "held-" + i + " moved");
            assertEquals(0L, replies.get(2 * i + 1).get(10, TimeUnit.SECONDS), "gone-" + i + " not made");
            assertEquals(1000.0 + i, connection.sync().zscore(TIMES, bytes("held-" + i)));
        }
        assertEquals(50L, connection.sync().zcard(TIMES), "no entry made by a move");
    }

    @Test
    void aMoveMadeOffAnEventLoopGoesOutAtOnce() throws Exception {
        connection.sync().zadd(TIMES, 1.0, bytes("held"));
        assertEquals(1L, new TimeMoves(connection).move(TIMES, 7.0, bytes("held")).get(10, TimeUnit.SECONDS));
        assertEquals(7.0, connection.sync().zscore(TIMES, bytes("held")));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
