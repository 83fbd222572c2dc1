package dev.qtorrent.tracker.swarm;

import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/** The swarms of some torrents in a {@link SwarmRegistry}, and the lock that guards them (the stripe itself). */
final class SwarmStripe {
    final Map<String, Swarm> swarms = new HashMap<>();
    /** Completed events per info hash: kept when the swarm empties, as a torrent's download count. */
    final Map<String, Long> downloads = new HashMap<>();
    /** Used under the stripe's lock only. */
    final Shuffle shuffle;

    SwarmStripe(RandomGenerator random) {
        this.shuffle = new Shuffle(random);
    }

    /** Drops {@code infoHash}'s swarm if it is empty; returns whether it did. */
    boolean dropIfEmpty(String infoHash, Swarm swarm) {
        if (swarm.isEmpty()) {
            swarms.remove(infoHash);
            return true;
        }
        return false;
    }
}
