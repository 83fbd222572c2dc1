package dev.qtorrent.client.download;

import java.util.concurrent.TimeUnit;

/**
 * When a download announces again: soon and then at growing intervals while the swarm is forming (peers that
 * announced after this one are not listed to it yet), at the tracker's interval once it knows the swarm, and never
 * twice at once. Owned by the download loop's thread.
 */
final class AnnounceClock {
    static final long FIRST_NANOS = 1_000_000_000L;
    static final long MAX_NANOS = 30_000_000_000L;

    private long next;
    private long delay = FIRST_NANOS;
    private boolean pending;

    /** Whether an announce is due now; if so, it counts as sent until {@link #answered} or {@link #failed}. */
    boolean due(long now) {
        if (pending || now - next < 0) {
            return false;
        }
        pending = true;
        return true;
    }

    /**
     * An announce answered.
     *
     * @param newPeers whether its list brought peers not known before
     * @param forming  whether the swarm holds members the download does not know yet
     */
    void answered(boolean newPeers, boolean forming, int intervalSeconds, long now) {
        pending = false;
        long interval = TimeUnit.SECONDS.toNanos(intervalSeconds);
        delay = newPeers ? FIRST_NANOS : Math.min(delay * 2, MAX_NANOS);
        next = now + (forming ? Math.min(delay, interval) : interval);
    }

    void failed(long now) {
        pending = false;
        next = now + MAX_NANOS;
    }

    /** Announces again within {@code nanos} at the latest. */
    void within(long nanos, long now) {
        if (next - (now + nanos) > 0) {
            next = now + nanos;
        }
    }

    /** Announces again shortly, e.g. on a connection to the tracker found again. */
    void soon(long now) {
        next = now + FIRST_NANOS;
    }
}
