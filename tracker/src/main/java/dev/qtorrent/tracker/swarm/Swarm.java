package dev.qtorrent.tracker.swarm;

import dev.qtorrent.common.message.AnnounceResponse.Peer;
import dev.qtorrent.common.tls.Fingerprint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The peers of one torrent. Everything an announce does here costs time in proportion to the peers it lists and
 * the peers that expired, not to the size of the swarm: counts are kept as peers come and go, listable peers sit in
 * two arrays (seeds, leechers) for random picks, and entries are kept least recently seen first, so expiry only
 * looks at the oldest ones. Not thread-safe: {@link SwarmRegistry} serialises access.
 */
final class Swarm {
    /**
     * Least recently announced first: a refresh removes and re-adds its entry. With a clock that goes backwards an
     * entry may sit behind newer ones and expire late, never early.
     */
    private final LinkedHashMap<String, PeerEntry> byKey = new LinkedHashMap<>();
    private final List<PeerEntry> seeds = new ArrayList<>();
    private final List<PeerEntry> leechers = new ArrayList<>();
    /** How many entries each certificate holds, so that a membership check costs no search. */
    private final Map<Fingerprint, Integer> certificates = new HashMap<>();
    /** The same for the entries that are listed: peers that serve the swarm. */
    private final Map<Fingerprint, Integer> servers = new HashMap<>();
    private int seedCount;
    private int leecherCount;

    /** Stores or refreshes the peer under {@code key}. */
    void put(String key, PeerEntry entry) {
        remove(key);
        byKey.put(key, entry);
        certificates.merge(entry.certificate, 1, Integer::sum);
        if (entry.seed()) {
            seedCount++;
        } else {
            leecherCount++;
        }
        if (entry.listable()) {
            servers.merge(entry.certificate, 1, Integer::sum);
            List<PeerEntry> list = listOf(entry);
            entry.slot = list.size();
            list.add(entry);
        }
    }

    /** The peer stored under {@code key}, or null. */
    PeerEntry get(String key) {
        return byKey.get(key);
    }

    void remove(String key) {
        PeerEntry old = byKey.remove(key);
        if (old != null) {
            forget(old);
        }
    }

    /** Drops every peer last seen before {@code oldest}, handing each to {@code expired}. */
    void expire(Instant oldest, Consumer<PeerEntry> expired) {
        for (Iterator<PeerEntry> it = byKey.values().iterator(); it.hasNext(); ) {
            PeerEntry entry = it.next();
            if (!entry.lastSeen.isBefore(oldest)) {
                return;
            }
            it.remove();
            forget(entry);
            expired.accept(entry);
        }
    }

    /** Whether an entry of the swarm, listable or not, was announced with {@code certificate}. */
    boolean holds(Fingerprint certificate) {
        return certificates.containsKey(certificate);
    }

    /** Whether a listed entry (one that serves the swarm) was announced with {@code certificate}. */
    boolean serves(Fingerprint certificate) {
        return servers.containsKey(certificate);
    }

    boolean isEmpty() {
        return byKey.isEmpty();
    }

    int seeds() {
        return seedCount;
    }

    int leechers() {
        return leecherCount;
    }

    /**
     * Adds up to {@code want} listable peers, chosen uniformly at random and in random order, to {@code into}: only
     * leechers for a seed (a seed has nothing to fetch from another seed), seeds and leechers for anyone else, and
     * never the peer stored under {@code askerKey}.
     *
     * <p>The candidates are a virtual array (the seeds, if wanted, then the leechers) with the asker's place taken
     * out; a partial Fisher-Yates shuffle over it records only the positions it swaps, so picking k peers costs O(k)
     * time and space whatever the swarm's size.
     */
    void pick(String askerKey, boolean forSeed, int want, RandomGenerator random, List<Peer> into) {
        int offset = forSeed ? seeds.size() : 0;
        int size = seeds.size() + leechers.size() - offset;
        PeerEntry asker = byKey.get(askerKey);
        int skipped = -1;
        if (asker != null && asker.listable() && !(forSeed && asker.seed())) {
            skipped = (asker.seed() ? 0 : seeds.size()) + asker.slot - offset;
            size--;
        }
        int count = Math.min(want, size);
        Map<Integer, Integer> swapped = new HashMap<>();
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(size - i);
            int atJ = swapped.getOrDefault(j, j);
            swapped.put(j, swapped.getOrDefault(i, i));
            int position = skipped >= 0 && atJ >= skipped ? atJ + 1 : atJ;
            PeerEntry entry = at(position + offset);
            into.add(new Peer(entry.peerId, entry.ip, entry.port, entry.certificate.hex()));
        }
    }

    /** The entry at {@code index} of the seeds followed by the leechers. */
    private PeerEntry at(int index) {
        return index < seeds.size() ? seeds.get(index) : leechers.get(index - seeds.size());
    }

    private List<PeerEntry> listOf(PeerEntry entry) {
        return entry.seed() ? seeds : leechers;
    }

    private void forget(PeerEntry entry) {
        certificates.computeIfPresent(entry.certificate, (certificate, count) -> count == 1 ? null : count - 1);
        if (entry.seed()) {
            seedCount--;
        } else {
            leecherCount--;
        }
        if (entry.slot >= 0) {
            servers.computeIfPresent(entry.certificate, (certificate, count) -> count == 1 ? null : count - 1);
            // Swap with the last entry so that removal is O(1); the moved entry takes over the slot.
            List<PeerEntry> list = listOf(entry);
            PeerEntry last = list.remove(list.size() - 1);
            if (last != entry) {
                list.set(entry.slot, last);
                last.slot = entry.slot;
            }
            entry.slot = -1;
        }
    }
}
