package dev.qtorrent.peer.serve;

import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Watches one piece stream's pending write and runs {@code stalled} when QUIC has taken none of it for the stall
 * timeout. Its one timer is armed by a write and re-armed only when it fires, so a piece costs the event loop a timer
 * per stall timeout, not one per chunk.
 */
final class StallCheck {
    private final EventExecutor executor;
    private final long timeoutNanos;
    private final Runnable stalled;
    /** A write is in QUIC's queue. */
    private boolean pending;
    /** When the pending write was made. */
    private long since;
    private ScheduledFuture<?> timer;

    /** @param stalled runs on {@code executor} when a write has waited for the whole timeout */
    StallCheck(EventExecutor executor, Duration timeout, Runnable stalled) {
        this.executor = executor;
        this.timeoutNanos = timeout.toNanos();
        this.stalled = stalled;
    }

    /** A write was handed to QUIC. */
    void written() {
        pending = true;
        since = System.nanoTime();
        if (timer == null) {
            arm(timeoutNanos);
        }
    }

    /** QUIC has taken the pending write, or failed it. */
    void taken() {
        pending = false;
    }

    boolean pending() {
        return pending;
    }

    /** The stream stopped: no more checks. */
    void cancel() {
        pending = false;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void arm(long delayNanos) {
        timer = executor.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void check() {
        timer = null;
        if (!pending) {
            // Nothing waits in QUIC's queue: the next write arms a new check.
            return;
        }
        long waited = System.nanoTime() - since;
        if (waited < timeoutNanos) {
            arm(timeoutNanos - waited);
            return;
        }
        stalled.run();
    }
}
