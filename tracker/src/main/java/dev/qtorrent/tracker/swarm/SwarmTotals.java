package dev.qtorrent.tracker.swarm;

/** The sizes of every swarm together: swarms with at least one peer, and their peers, seeds and leechers. */
public record SwarmTotals(int swarms, long seeds, long leechers) {
    public SwarmTotals {
        if (swarms < 0 || seeds < 0 || leechers < 0) {
            throw new IllegalArgumentException("totals cannot be negative: " + swarms + ", " + seeds + ", "
                    + leechers);
        }
    }

    public long peers() {
        return seeds + leechers;
    }
}
