package dev.qtorrent.tracker.swarm;

/**
 * What is known of one torrent's swarm: the peers that announced it and have not left or expired, split into seeds
 * and leechers (the tracker itself not counted), and how many downloads of it completed since the tracker started.
 */
public record SwarmCounts(int seeds, int leechers, long downloaded) {
    public static final SwarmCounts NONE = new SwarmCounts(0, 0, 0);

    public SwarmCounts {
        if (seeds < 0 || leechers < 0 || downloaded < 0) {
            throw new IllegalArgumentException("counts cannot be negative: " + seeds + ", " + leechers + ", "
                    + downloaded);
        }
    }
}
