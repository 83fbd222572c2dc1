package dev.qtorrent.peer.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The upload rate's token bucket on a clock the test moves: it grants at most its burst after a pause, and streams
 * that find it short are served in the order they asked, on their executor, without spinning.
 */
@Timeout(10)
class UploadRateTest {
    private static final int KIB = 1024;

    private final EventExecutor loop = new DefaultEventExecutor();
    private volatile long now = 5_000_000_000L;
    private final List<String> grants = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private IntConsumer stream(String name) {
        return bytes -> {
            assertTrue(loop.inEventLoop(), "granted on the stream's executor");
            grants.add(name + " " + bytes);
        };
    }

    private void waitForGrants(int count) throws InterruptedException {
        while (grants.size() < count) {
            Thread.sleep(5);
        }
    }

    @Test
    void theBurstIsGrantedAtOnceAndTheRestInTurn() throws Exception {
        UploadRate rate = new UploadRate(KIB * KIB, 128 * KIB, () -> now);
        assertEquals(128 * KIB, rate.take(200 * KIB, loop, stream("first")), "a full bucket grants its burst");
        assertEquals(0, rate.take(64 * KIB, loop, stream("a")));
        assertEquals(0, rate.take(64 * KIB, loop, stream("b")));
        IntConsumer late = stream("c");
        assertEquals(0, rate.take(64 * KIB, loop, late));

        // A whole second refills at most the burst: a and b, first in line, share it and c waits.
        now += TimeUnit.SECONDS.toNanos(1);
        waitForGrants(2);
        assertEquals(List.of("a " + 64 * KIB, "b " + 64 * KIB), grants);
        // Someone new waits behind c even when a little has refilled.
        now += TimeUnit.MILLISECONDS.toNanos(20);
        assertEquals(0, rate.take(8 * KIB, loop, stream("d")));
        waitForGrants(3);
        assertTrue(grants.get(2).startsWith("c "), grants.toString());
        rate.withdraw(late);
    }

    @Test
    void aWithdrawnStreamIsSkippedAndARefundIsReused() throws Exception {
        UploadRate rate = new UploadRate(KIB * KIB, 64 * KIB, () -> now);
        assertEquals(64 * KIB, rate.take(64 * KIB, loop, stream("first")));
        IntConsumer gone = stream("gone");
        assertEquals(0, rate.take(32 * KIB, loop, gone));
        rate.withdraw(gone);
        assertEquals(0, rate.take(32 * KIB, loop, stream("next")));

        rate.refund(32 * KIB);
        waitForGrants(1);
        assertEquals(List.of("next " + 32 * KIB), grants);
        assertFalse(grants.stream().anyMatch(g -> g.startsWith("gone")));
    }

    @Test
    void withoutALimitEverythingIsGrantedAtOnce() {
        UploadRate none = UploadRate.of(0, 128 * KIB);
        assertFalse(none.limited());
        assertEquals(10 * KIB * KIB, none.take(10 * KIB * KIB, loop, stream("any")));
        assertEquals(List.of(), grants);
    }
}
