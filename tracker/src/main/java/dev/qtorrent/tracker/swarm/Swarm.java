package dev.qtorrent.tracker.swarm;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The peers of one torrent. Everything an announce does here costs time in proportion to the peers it lists and
 * the peers that expired, not to the size of the swarm: counts are kept as peers come and go, listable peers sit in
 * two arrays (seeds, leechers) for random picks, and entries are linked least recently seen first, so expiry only
 * looks at the oldest ones. Not thread-safe: {@link SwarmRegistry} serialises access.
 */
final class Swarm {
    private final PeerIndex byKey = PeerIndex.byKey();
    private final PeerIndex byCertificate = PeerIndex.byCertificate();
    /**
     * Ends of the list of entries, least recently announced first: a refresh removes its entry and adds the new one
     * last. With a clock that goes backwards an entry may sit behind newer ones and expire late, never early.
     */
    private PeerEntry oldest;
    private PeerEntry newest;
    private final Slots seeds = new Slots();
    private final Slots leechers = new Slots();
    private int seedCount;
    private int leecherCount;

    /** Stores {@code entry}, replacing the entry of the same peer id and address if there is one. */
    void put(PeerEntry entry) {
        PeerEntry held = byKey.find(entry);
        if (held != null) {
            unlink(held);
            byKey.replace(held, entry);
        } else {
            byKey.add(entry);
        }
        link(entry);
    }

    /**
     * Moves {@code held}, an entry of this swarm, to the newest end with the time {@code lastSeen}: an announce that
     * changes nothing but the time keeps its entry rather than replacing it. Most announces are such refreshes, and
     * the held entry has long since reached the old generation of the heap: a new one in its place would leave the
     * swarm's arrays and indexes pointing into the young generation, which every young collection must then scan.
     */
    void refresh(PeerEntry held, int lastSeen) {
        held.lastSeen = lastSeen;
        if (held != newest) {
            unlinkAge(held);
            linkAge(held);
        }
    }

    /** The entry with the peer id and address of {@code probe}, or null. */
    PeerEntry get(PeerEntry probe) {
        return byKey.find(probe);
    }

    /** Removes the entry with the peer id and address of {@code probe}, if there is one. */
    void remove(PeerEntry probe) {
        PeerEntry held = byKey.find(probe);
        if (held != null) {
            byKey.remove(held);
            unlink(held);
        }
    }

    /** Drops every entry last seen before {@code oldestKept}, handing each to {@code expired}; returns how many. */
    int expire(int oldestKept, Consumer<PeerEntry> expired) {
        int dropped = 0;
        while (oldest != null && oldest.lastSeen < oldestKept) {
            PeerEntry entry = oldest;
            byKey.remove(entry);
            unlink(entry);
            expired.accept(entry);
            dropped++;
        }
        return dropped;
    }

    /** Whether an entry of the swarm, listable or not, was announced with the certificate of {@code probe}. */
    boolean holds(PeerEntry probe) {
        return byCertificate.find(probe) != null;
    }

    /** Whether a listed entry (one that serves the swarm) was announced with the certificate of {@code probe}. */
    boolean serves(PeerEntry probe) {
        for (PeerEntry entry = byCertificate.find(probe); entry != null; entry = entry.nextSameCertificate) {
            if (entry.slot >= 0) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return oldest == null;
    }

    int seeds() {
        return seedCount;
    }

    int leechers() {
        return leecherCount;
    }

    /**
     * Adds up to {@code want} listable entries, chosen uniformly at random and in random order, to {@code into}: only
     * leechers for a seed (a seed has nothing to fetch from another seed), seeds and leechers for anyone else, and
     * never {@code asker} (null when the asker has no entry).
     *
     * <p>The candidates are a virtual array (the seeds, if wanted, then the leechers) with the asker's place taken
     * out; a partial Fisher-Yates shuffle over it records only the positions it swaps, so picking k peers costs O(k)
     * time and space whatever the swarm's size.
     */
    PeerEntry[] pick(PeerEntry asker, boolean forSeed, int want, Shuffle shuffle) {
        int offset = forSeed ? seeds.size() : 0;
        int size = seeds.size() + leechers.size() - offset;
        int skipped = -1;
        if (asker != null && asker.slot >= 0 && !(forSeed && asker.seed)) {
            skipped = (asker.seed ? 0 : seeds.size()) + asker.slot - offset;
            size--;
        }
        int count = Math.max(0, Math.min(want, size));
        PeerEntry[] picked = new PeerEntry[count];
        shuffle.start(count);
        for (int i = 0; i < count; i++) {
            int j = i + shuffle.below(size - i);
            int atJ = shuffle.at(j);
            shuffle.put(j, shuffle.at(i));
            int position = skipped >= 0 && atJ >= skipped ? atJ + 1 : atJ;
            picked[i] = at(position + offset);
        }
        return picked;
    }

    /** The entry at {@code index} of the seeds followed by the leechers. */
    private PeerEntry at(int index) {
        return index < seeds.size() ? seeds.get(index) : leechers.get(index - seeds.size());
    }

    /** Adds {@code entry}, already in {@link #byKey}, to everything else. */
    private void link(PeerEntry entry) {
        linkAge(entry);
        PeerEntry first = byCertificate.find(entry);
        if (first == null) {
            byCertificate.add(entry);
        } else {
            entry.nextSameCertificate = first.nextSameCertificate;
            entry.previousSameCertificate = first;
            if (first.nextSameCertificate != null) {
                first.nextSameCertificate.previousSameCertificate = entry;
            }
            first.nextSameCertificate = entry;
        }
        if (entry.seed) {
            seedCount++;
        } else {
            leecherCount++;
        }
        if (entry.listable()) {
            Slots list = entry.seed ? seeds : leechers;
            entry.slot = list.size();
            list.add(entry);
        }
    }

    /** Removes {@code entry}, no longer in {@link #byKey}, from everything else. */
    private void unlink(PeerEntry entry) {
        unlinkAge(entry);
        PeerEntry next = entry.nextSameCertificate;
        PeerEntry previous = entry.previousSameCertificate;
        if (previous == null) {
            // The first of its chain, which the index holds.
            if (next == null) {
                byCertificate.remove(entry);
            } else {
                byCertificate.replace(entry, next);
            }
        } else {
            previous.nextSameCertificate = next;
        }
        if (next != null) {
            next.previousSameCertificate = previous;
        }
        entry.nextSameCertificate = null;
        entry.previousSameCertificate = null;
        if (entry.seed) {
            seedCount--;
        } else {
            leecherCount--;
        }
        if (entry.slot >= 0) {
            // Swap with the last entry so that removal is O(1); the moved entry takes over the slot.
            Slots list = entry.seed ? seeds : leechers;
            PeerEntry last = list.removeLast();
            if (last != entry) {
                list.set(entry.slot, last);
                last.slot = entry.slot;
            }
            entry.slot = -1;
        }
    }

    /** Puts {@code entry} at the newest end of the list of entries by age. */
    private void linkAge(PeerEntry entry) {
        entry.older = newest;
        if (newest == null) {
            oldest = entry;
        } else {
            newest.newer = entry;
        }
        newest = entry;
    }

    /** Takes {@code entry} out of the list of entries by age. */
    private void unlinkAge(PeerEntry entry) {
        if (entry.older == null) {
            oldest = entry.newer;
        } else {
            entry.older.newer = entry.newer;
        }
        if (entry.newer == null) {
            newest = entry.older;
        } else {
            entry.newer.older = entry.older;
        }
        entry.older = null;
        entry.newer = null;
    }

    /**
     * Listable entries of one kind (seeds or leechers) in an array: read as {@code PeerEntry} without a cast, so that
     * picking reads no entry itself. A list's cast would load each picked entry, one cache miss after another, where
     * the answer's writer loads them all at once ({@link ListedPeers}).
     */
    private static final class Slots {
        private static final PeerEntry[] NONE = new PeerEntry[0];
        private PeerEntry[] entries = NONE;
        private int size;

        int size() {
            return size;
        }

        PeerEntry get(int index) {
            return entries[index];
        }

        void set(int index, PeerEntry entry) {
            entries[index] = entry;
        }

        void add(PeerEntry entry) {
            if (size == entries.length) {
                // Grows by half, as ArrayList does, to keep big swarms compact.
                entries = Arrays.copyOf(entries, Math.max(4, size + (size >> 1)));
            }
            entries[size++] = entry;
        }

        PeerEntry removeLast() {
            PeerEntry last = entries[--size];
            entries[size] = null;
            return last;
        }
    }
}
