package dev.qtorrent.tracker.swarm.redis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This instance's view of who serves each swarm (entries handed out in peer lists, by certificate), so that the
 * question asked for every piece sent is answered without a round trip to Redis. It follows the changes every
 * instance publishes, and each sweep replaces a swarm's view with what Redis holds, which mends what a lost
 * message or a restart left out: the view lags the swarm by at most a message's delay, or a sweep period after a
 * gap. A peer missing from it is only treated as one that does not serve the swarm (it gets pieces without the
 * one-copy-at-a-time rule) until then.
 */
final class ServingMirror {
    /** Info hash to certificate (hex) to how many of its entries serve the swarm. */
    private final Map<String, Map<String, Integer>> swarms = new ConcurrentHashMap<>();

    boolean serving(String infoHash, String certificateHex) {
        Map<String, Integer> swarm = swarms.get(infoHash);
        return swarm != null && swarm.containsKey(certificateHex);
    }

    void joined(String infoHash, String certificateHex) {
        swarms.computeIfAbsent(infoHash, hash -> new ConcurrentHashMap<>()).merge(certificateHex, 1, Integer::sum);
    }

    void left(String infoHash, String certificateHex) {
        swarms.computeIfPresent(infoHash, (hash, swarm) -> {
            swarm.computeIfPresent(certificateHex, (cert, count) -> count > 1 ? count - 1 : null);
            return swarm.isEmpty() ? null : swarm;
        });
    }

    /** Replaces the view of one swarm with {@code serving}, as a sweep read it; empty drops the swarm. */
    void replace(String infoHash, Map<String, Integer> serving) {
        if (serving.isEmpty()) {
            swarms.remove(infoHash);
        } else {
            swarms.put(infoHash, new ConcurrentHashMap<>(serving));
        }
    }

    /** Forgets swarms that a sweep no longer found. */
    void retain(java.util.Set<String> live) {
        swarms.keySet().retainAll(live);
    }
}
