package dev.qtorrent.common.quic;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Lets idle event loops sleep. A Netty 4.2 event loop with nothing scheduled does not wait for I/O without a time
 * limit: it takes "now plus one second" as its next deadline, so every loop of an idle node woke once a second to
 * find nothing to do. With one task scheduled far ahead on each loop, the loop waits until its earliest real
 * deadline (a QUIC timer, a stall check) or that task, an hour away, whichever comes first.
 */
public final class QuietLoops {
    /** How far ahead the task is that keeps an idle loop asleep; it runs (and does nothing) that often. */
    static final Duration ANCHOR = Duration.ofHours(1);

    private QuietLoops() {
    }

    /** Schedules the far-ahead task on every loop of {@code group}; returns the group. */
    public static <G extends EventLoopGroup> G quiet(G group) {
        for (EventExecutor loop : group) {
            try {
                loop.scheduleAtFixedRate(QuietLoops::nothing, ANCHOR.toNanos(), ANCHOR.toNanos(),
                        TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                // The group is already shutting down: nothing to keep asleep.
            }
        }
        return group;
    }

    private static void nothing() {
        // Only its deadline matters: it gives the loop something to wait for other than the next second.
    }
}
