package dev.qtorrent.tracker.swarm;

/**
 * A hash set of a swarm's entries, by peer id and address or by certificate: open addressing with linear probing in
 * one array, so an entry costs a few bytes of table instead of a map node of its own. Removal shifts the following
 * entries back rather than leaving tombstones, so lookups never slow down as peers come and go.
 */
final class PeerIndex {
    private static final int MIN_CAPACITY = 4;

    private final boolean byCertificate;
    private PeerEntry[] slots = new PeerEntry[MIN_CAPACITY];
    private int size;

    private PeerIndex(boolean byCertificate) {
        this.byCertificate = byCertificate;
    }

    /** Entries by peer id and address: at most one each. */
    static PeerIndex byKey() {
        return new PeerIndex(false);
    }

    /** Entries by certificate: one per certificate, the first of its {@link PeerEntry#nextSameCertificate} chain. */
    static PeerIndex byCertificate() {
        return new PeerIndex(true);
    }

    /** The entry that matches {@code probe}, or null. */
    PeerEntry find(PeerEntry probe) {
        int mask = slots.length - 1;
        for (int i = home(probe, mask); ; i = (i + 1) & mask) {
            PeerEntry entry = slots[i];
            if (entry == null || matches(entry, probe)) {
                return entry;
            }
        }
    }

    /** Adds {@code entry}, which no entry of the index matches. */
    void add(PeerEntry entry) {
        if ((size + 1) * 4 > slots.length * 3) {
            resize(slots.length * 2);
        }
        int mask = slots.length - 1;
        int i = home(entry, mask);
        while (slots[i] != null) {
            i = (i + 1) & mask;
        }
        slots[i] = entry;
        size++;
    }

    /** Puts {@code replacement} where {@code entry}, which it matches, was. */
    void replace(PeerEntry entry, PeerEntry replacement) {
        slots[indexOf(entry)] = replacement;
    }

    /** Removes {@code entry} itself. */
    void remove(PeerEntry entry) {
        int mask = slots.length - 1;
        int gap = indexOf(entry);
        // Moves back every later entry of the run that may sit at the gap, i.e. whose home is not in (gap, i].
        for (int i = (gap + 1) & mask; slots[i] != null; i = (i + 1) & mask) {
            int home = home(slots[i], mask);
            boolean homeInRange = gap <= i ? gap < home && home <= i : gap < home || home <= i;
            if (!homeInRange) {
                slots[gap] = slots[i];
                gap = i;
            }
        }
        slots[gap] = null;
        size--;
        if (slots.length > MIN_CAPACITY && size * 8 < slots.length) {
            resize(slots.length / 2);
        }
    }

    private int indexOf(PeerEntry entry) {
        int mask = slots.length - 1;
        for (int i = home(entry, mask); ; i = (i + 1) & mask) {
            if (slots[i] == entry) {
                return i;
            }
            if (slots[i] == null) {
                throw new IllegalStateException("entry not in the index");
            }
        }
    }

    private void resize(int capacity) {
        PeerEntry[] old = slots;
        slots = new PeerEntry[capacity];
        size = 0;
        for (PeerEntry entry : old) {
            if (entry != null) {
                add(entry);
            }
        }
    }

    private boolean matches(PeerEntry entry, PeerEntry probe) {
        return byCertificate ? entry.sameCertificate(probe) : entry.sameKey(probe);
    }

    private int home(PeerEntry entry, int mask) {
        int hash = byCertificate ? entry.certificateHash() : entry.keyHash;
        // Mixes every bit into the low ones, which are all the table uses.
        int mixed = hash * 0x9E3779B9;
        return (mixed ^ (mixed >>> 16)) & mask;
    }
}
