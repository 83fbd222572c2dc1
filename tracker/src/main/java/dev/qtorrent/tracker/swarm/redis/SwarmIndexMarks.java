package dev.qtorrent.tracker.swarm.redis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When this instance last marked each swarm in the Redis index of swarms that the sweep visits. A swarm announced to
 * many times a second needs its mark refreshed only now and then: the sweep forgets a swarm one entry lifetime after
 * its mark, so a mark that lags by a small part of that lifetime costs nothing, while marking at every announce was
 * a second Redis command beside each announce's script.
 */
final class SwarmIndexMarks {
    /** The longest a mark may lag, whatever the lifetime. */
    private static final long MAX_LAG_SECONDS = 60;

    private final long lagSeconds;
    private final Map<String, Long> marked = new ConcurrentHashMap<>();

    /** @param lifetimeSeconds how long an entry lives without an announce; a mark lags by an eighth of it at most */
    SwarmIndexMarks(long lifetimeSeconds) {
        this.lagSeconds = Math.min(MAX_LAG_SECONDS, lifetimeSeconds / 8);
    }

    /** Whether the swarm's mark is due at {@code second} (unix seconds); if so, it counts as marked then. */
    boolean due(String infoHash, long second) {
        Long last = marked.get(infoHash);
        if (last != null && second - last < lagSeconds) {
            return false;
        }
        marked.put(infoHash, second);
        return true;
    }

    /** The mark did not reach Redis: the next announce marks again. */
    void failed(String infoHash) {
        marked.remove(infoHash);
    }

    /** Forgets the swarms marked before {@code second}, which the sweep has forgotten too. */
    void forgetBefore(long second) {
        marked.values().removeIf(last -> last < second);
    }
}
