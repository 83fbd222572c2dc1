package dev.qtorrent.tracker.swarm.redis;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What {@link CopiedSwarms} keeps of one swarm whose copy is complete. Redis counts every change of a swarm, and an
 * instance hears of its own changes (in its scripts' answers) and of the others' (by pub/sub) by different paths, so a
 * change may come after a newer one of the same entry: each entry's latest change applied is kept, and an older one
 * is passed over. Changes up to the one the copy was loaded at are in the copy already. Guarded by the lock of the
 * swarm's state in {@link CopiedSwarms}; {@link #tended} is read without it.
 */
final class CopiedSwarm {
    /** How long a dropped entry's last change is kept: far longer than a message can lag behind another. */
    private static final long DROPS_KEPT_NANOS = 60_000_000_000L;

    /** When expiry was last seen to, in seconds. */
    final AtomicLong tended = new AtomicLong(Long.MIN_VALUE);
    /** The change the copy was loaded at. */
    private final int loadedAt;
    private final Map<String, Mark> latest = new HashMap<>();

    CopiedSwarm(int loadedAt) {
        this.loadedAt = loadedAt;
    }

    /**
     * Whether {@code change} to the entry {@code key} is newer than everything the copy has of it, noting it if so.
     * Counts wrap around at 2^32; two changes are compared by their difference.
     */
    boolean take(String key, int change, boolean dropped) {
        if (change - loadedAt <= 0) {
            return false;
        }
        Mark mark = latest.get(key);
        if (mark != null && change - mark.change <= 0) {
            return false;
        }
        latest.put(key, new Mark(change, dropped ? System.nanoTime() : 0));
        return true;
    }

    /** Forgets the changes of entries dropped long ago. */
    void purge() {
        long before = System.nanoTime() - DROPS_KEPT_NANOS;
        latest.values().removeIf(mark -> mark.droppedAt != 0 && mark.droppedAt - before < 0);
    }

    /** The latest change applied to an entry, and when it was dropped (0 while it is held). */
    private record Mark(int change, long droppedAt) {
    }
}
