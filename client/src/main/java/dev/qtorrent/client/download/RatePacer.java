package dev.qtorrent.client.download;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Spaces piece requests so that the bytes asked for stay within a rate; a rate of 0 means no limit.
 *
 * <p>Requests go out in bursts of a quarter of a second's worth of bytes, not one piece at a time: once the bytes
 * asked for run ahead of the rate, the pacer holds every request until they are due. A download held to a few
 * megabytes a second then wakes its threads, opens streams and sends its requests a few times a second, each time
 * for several pieces at once, instead of once per piece; its pieces also arrive together, so their datagrams are
 * read and acknowledged in batches. The bytes asked for never run ahead of the rate by more than one burst and one
 * piece.
 */
final class RatePacer {
    static final long BURST_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final long bytesPerSecond;
    private final LongSupplier clock;
    private final long start;
    private long bytes;
    private long heldUntil;

    RatePacer(long bytesPerSecond) {
        this(bytesPerSecond, System::nanoTime);
    }

    RatePacer(long bytesPerSecond, LongSupplier clock) {
        this.bytesPerSecond = bytesPerSecond;
        this.clock = clock;
        this.start = clock.getAsLong();
        this.heldUntil = start;
    }

    /** How long to wait before the next request may start; zero or less means now. */
    long nanosUntilNext() {
        if (bytesPerSecond == 0) {
            return 0;
        }
        long now = clock.getAsLong();
        if (now - heldUntil < 0) {
            return heldUntil - now;
        }
        long due = start + (long) (bytes * 1e9 / bytesPerSecond);
        if (due - now <= BURST_NANOS) {
            return 0;
        }
        // A burst has gone out: nothing more until the bytes it asked for are due.
        heldUntil = due;
        return due - now;
    }

    void started(long pieceBytes) {
        bytes += pieceBytes;
    }
}
