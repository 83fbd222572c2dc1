package dev.qtorrent.peer.serve;

import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * A node's upload rate limit: a token bucket, shared by every piece stream of the node, that lets piece bytes be
 * handed to QUIC at {@code rate} bytes a second with a burst of at most {@code burst} bytes. A stream that finds the
 * bucket short waits in line without holding a thread or spinning: one timer on the event loop fires when the first
 * in line can be served, and bytes are granted in line order, so the streams (and so the peers) share the rate in
 * turn rather than by who asks most often.
 */
final class UploadRate {
    /** The smallest step a waiting stream is granted, unless it needs less: smaller packets would be mostly header. */
    static final int MIN_STEP = 1024;

    private final long rate;
    private final long burst;
    /**
     * The least a waiting stream is granted at once, unless it needs less: what the rate refills in 10 ms, at least
     * {@link #MIN_STEP} and at most the burst. A slow limit then sends a stream's bytes in small steps, rather than a
     * chunk now and silence for seconds, which the receiver would take for a stall; and the one timer fires about a
     * hundred times a second, more only when the burst caps the step.
     */
    private final int step;
    private final LongSupplier clock;
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    private double tokens;
    private long refilled;
    private boolean timerArmed;

    private record Waiter(int wanted, EventExecutor executor, IntConsumer granted) {
    }

    /**
     * @param rate  bytes a second, 0 for no limit
     * @param burst the most bytes granted at once after a pause; the bucket starts full
     * @param clock {@link System#nanoTime()}, or a test's clock
     */
    UploadRate(long rate, int burst, LongSupplier clock) {
        if (rate < 0 || burst < 1) {
            throw new IllegalArgumentException("rate must be 0 or more and burst at least 1");
        }
        this.rate = rate;
        this.burst = burst;
        this.step = (int) Math.min(burst, Math.max(MIN_STEP, rate / 100));
        this.clock = clock;
        this.tokens = burst;
        this.refilled = clock.getAsLong();
    }

    /** A limit of {@code rate} bytes a second, none when 0. */
    static UploadRate of(long rate, int burst) {
        return new UploadRate(rate, burst, System::nanoTime);
    }

    boolean limited() {
        return rate > 0;
    }

    /**
     * Asks to write up to {@code wanted} bytes. Returns how many may be written now, or 0: the caller then waits, and
     * {@code later} receives its grant on {@code executor} once the bucket has refilled enough, unless it
     * {@link #withdraw withdraws} first.
     */
    int take(int wanted, EventExecutor executor, IntConsumer later) {
        if (rate == 0) {
            // No limit, no lock: the usual case, on every chunk of every piece.
            return wanted;
        }
        synchronized (this) {
            refill();
            // Bytes go to the line first: a stream that asks while others wait takes its place behind them.
            int granted = waiting.isEmpty() ? grant(wanted) : 0;
            if (granted == 0) {
                waiting.add(new Waiter(wanted, executor, later));
                arm(executor);
            }
            return granted;
        }
    }

    /** Leaves the line: the stream that gave {@code later} stopped before its grant. */
    synchronized void withdraw(IntConsumer later) {
        waiting.removeIf(waiter -> waiter.granted() == later);
    }

    /** Gives back bytes granted to a stream that stopped before writing them. */
    synchronized void refund(int bytes) {
        if (rate > 0) {
            tokens = Math.min(burst, tokens + bytes);
        }
    }

    private int grant(int wanted) {
        if (tokens < Math.min(wanted, step)) {
            return 0;
        }
        int granted = (int) Math.min(wanted, (long) tokens);
        tokens -= granted;
        return granted;
    }

    private void refill() {
        long now = clock.getAsLong();
        tokens = Math.min(burst, tokens + (now - refilled) * (double) rate / TimeUnit.SECONDS.toNanos(1));
        refilled = now;
    }

    /** Schedules the one timer, for when the first in line can be served. */
    private void arm(EventExecutor executor) {
        if (timerArmed) {
            return;
        }
        double missing = Math.min(waiting.peek().wanted(), step) - tokens;
        long delay = (long) Math.ceil(Math.max(0, missing) * TimeUnit.SECONDS.toNanos(1) / rate);
        try {
            executor.schedule(this::serveLine, delay, TimeUnit.NANOSECONDS);
            timerArmed = true;
        } catch (RejectedExecutionException e) {
            // The node is closing: its streams close with it, and nobody needs the bytes any more.
            waiting.clear();
        }
    }

    private synchronized void serveLine() {
        timerArmed = false;
        refill();
        while (!waiting.isEmpty()) {
            Waiter first = waiting.peek();
            int granted = grant(first.wanted());
            if (granted == 0) {
                break;
            }
            waiting.poll();
            try {
                first.executor().execute(() -> first.granted().accept(granted));
            } catch (RejectedExecutionException e) {
                tokens += granted;
            }
        }
        if (!waiting.isEmpty()) {
            arm(waiting.peek().executor());
        }
    }
}
