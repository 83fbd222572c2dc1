package dev.qtorrent.client.cli;

import java.util.function.LongSupplier;

/**
 * Measures what a download fetched in this run: the bytes verified since its first progress report, over the time
 * since then. Pieces an earlier run left in the part file are verified before that report, so they count neither as
 * bytes nor as time, and a resumed download's rate is the rate at which it fetched.
 */
final class TransferMeter {
    private final LongSupplier nanoClock;
    private long startNanos;
    private long startBytes;
    private long lastNanos;
    private long lastBytes;
    private boolean started;

    TransferMeter(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    TransferMeter() {
        this(System::nanoTime);
    }

    /** Hears the bytes verified so far; the first call marks the start of fetching. */
    void progress(long verifiedBytes) {
        long now = nanoClock.getAsLong();
        if (!started) {
            started = true;
            startNanos = now;
            startBytes = verifiedBytes;
        }
        lastNanos = now;
        lastBytes = verifiedBytes;
    }

    /** Bytes fetched and verified in this run. */
    long fetchedBytes() {
        return lastBytes - startBytes;
    }

    /** Seconds from the start of fetching to the last verified piece. */
    double seconds() {
        return (lastNanos - startNanos) / 1e9;
    }

    /** Bytes per second fetched in this run so far, measured up to now; 0 before any time has passed. */
    double rateNow() {
        double seconds = (nanoClock.getAsLong() - startNanos) / 1e9;
        return started && seconds > 1e-3 ? fetchedBytes() / seconds : 0;
    }

    /** Bytes per second over the whole fetch, up to the last verified piece; 0 when nothing was fetched. */
    double rate() {
        return fetchedBytes() > 0 && seconds() > 1e-6 ? fetchedBytes() / seconds() : 0;
    }
}
