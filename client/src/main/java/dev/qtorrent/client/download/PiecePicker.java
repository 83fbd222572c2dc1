package dev.qtorrent.client.download;

import java.util.BitSet;
import java.util.random.RandomGenerator;

/**
 * Chooses which missing piece to ask a source for next: rarest first among the peers, ties broken at random, and the
 * first few pieces at random, so that a new peer soon has something to trade, however rare. Single-threaded: the
 * download loop owns it.
 *
 * <p>The origin (the tracker, which holds every piece and whose upload the whole swarm shares) is asked only for
 * pieces that no connected peer holds. Downloaders that start together would then all ask the origin for the same
 * few rare pieces; each takes instead its own stripe of them ({@link #stripe}), pieces whose index falls on its
 * place among the peers it knows, so that the origin sends each piece about once and the peers trade the rest.
 * Each owner works through its stripe from a starting piece that every downloader derives alike from the owner's
 * peer id; one that is through helps with the nearest stripe after its own from that stripe's other end, so that
 * helper and owner meet once instead of asking the origin for the same pieces all along. Starting points spread
 * apart also keep downloaders that do not know each other yet (each then counts the stripes differently) from all
 * beginning at the same pieces.
 */
final class PiecePicker {
    /** BEP 3 clients pick their first pieces at random; libtorrent does so for 4. */
    static final int RANDOM_FIRST = 4;

    private final int pieceCount;
    /** How many connected peers hold each piece; the origin is not counted. */
    private final int[] availability;
    /** The pieces whose availability is above 0, for the origin's word-at-a-time filter. */
    private final BitSet held;
    private final BitSet missing;
    /** The candidates of one pick, reused: picks happen after every event, and most find few candidates or none. */
    private final BitSet candidates;
    private final RandomGenerator random;
    private int stripe;
    private int stripes = 1;
    /** Where each stripe's owner starts in it: a piece index. */
    private int[] starts = {0};

    PiecePicker(int pieceCount, BitSet have, RandomGenerator random) {
        this.pieceCount = pieceCount;
        this.availability = new int[pieceCount];
        this.held = new BitSet(pieceCount);
        this.missing = new BitSet(pieceCount);
        this.candidates = new BitSet(pieceCount);
        missing.set(0, pieceCount);
        missing.andNot(have);
        this.random = random;
    }

    /** A peer holds {@code pieces} (its bitfield, or what it held when it left, with {@code delta} -1). */
    void held(BitSet pieces, int delta) {
        for (int i = pieces.nextSetBit(0); i >= 0 && i < pieceCount; i = pieces.nextSetBit(i + 1)) {
            availability[i] = Math.max(0, availability[i] + delta);
            held.set(i, availability[i] > 0);
        }
    }

    /** A peer has just verified piece {@code index}. */
    void have(int index) {
        availability[index]++;
        held.set(index);
    }

    /** A peer said it no longer holds piece {@code index} (it restarted, for example). */
    void lacks(int index) {
        availability[index] = Math.max(0, availability[index] - 1);
        held.set(index, availability[index] > 0);
    }

    /** This download has verified piece {@code index}. */
    void verified(int index) {
        missing.clear(index);
    }

    boolean complete() {
        return missing.isEmpty();
    }

    BitSet missing() {
        return missing;
    }

    int availability(int index) {
        return availability[index];
    }

    /**
     * This downloader's place {@code stripe} among the swarm's downloaders, for the origin's pieces; {@code seeds} are
     * one number per downloader, in the same order, from which each downloader derives where that stripe's owner
     * starts (a hash of its peer id, say), so that all downloaders agree on it.
     */
    void stripe(int stripe, int[] seeds) {
        if (seeds.length < 1 || stripe < 0 || stripe >= seeds.length) {
            throw new IllegalArgumentException("stripe " + stripe + " of " + seeds.length);
        }
        this.stripe = stripe;
        this.stripes = seeds.length;
        this.starts = new int[seeds.length];
        for (int s = 0; s < seeds.length && seeds.length > 1; s++) {
            // The stripe's last index at or before the mixed seed (below 0 for a seed before the stripe's first).
            int at = Math.floorMod(seeds[s] * 0x9E3779B9, pieceCount);
            starts[s] = at - Math.floorMod(at - s, seeds.length);
        }
    }

    /**
     * The next piece to ask {@code source} for among the missing ones it holds and nobody is sending: {@code taken}
     * are requested already. Returns -1 when there is none.
     *
     * @param origin whether the source is the origin, which is asked only for pieces no peer holds
     */
    int pick(BitSet holds, BitSet taken, boolean origin) {
        candidates.clear();
        candidates.or(missing);
        candidates.and(holds);
        candidates.andNot(taken);
        if (origin) {
            candidates.andNot(held);
            return fromOrigin();
        }
        return rarest(pieceCount - missing.cardinality() < RANDOM_FIRST);
    }

    /**
     * The rarest candidate, ties (and the first pieces) at random by reservoir sampling, so that no piece order is
     * favoured and no list is built. The candidates are found a word of 64 pieces at a time.
     */
    private int rarest(boolean atRandom) {
        int chosen = -1;
        int lowest = Integer.MAX_VALUE;
        int ties = 0;
        for (int i = candidates.nextSetBit(0); i >= 0; i = candidates.nextSetBit(i + 1)) {
            int rarity = atRandom ? 0 : availability[i];
            if (rarity < lowest) {
                lowest = rarity;
                chosen = i;
                ties = 1;
            } else if (rarity == lowest && random.nextInt(++ties) == 0) {
                chosen = i;
            }
        }
        return chosen;
    }

    /**
     * The own stripe's next candidate from where its owner (this downloader) starts; once that is through, the nearest
     * stripe after it with candidates left, taken backwards from where its owner starts. Every candidate is equally
     * rare (no peer holds it), so order costs the swarm nothing; alone with the origin, the file fills from the front.
     */
    private int fromOrigin() {
        int own = forwardFrom(starts[stripe], stripe);
        if (own >= 0) {
            return own;
        }
        for (int step = 1; step < stripes; step++) {
            int other = (stripe + step) % stripes;
            int index = backwardFrom(starts[other] - 1, other);
            if (index >= 0) {
                return index;
            }
        }
        return -1;
    }

    /** The first candidate of stripe {@code s} at or after {@code from}, wrapping around the end. */
    private int forwardFrom(int from, int s) {
        for (int i = candidates.nextSetBit(Math.max(0, from)); i >= 0; i = candidates.nextSetBit(i + 1)) {
            if (i % stripes == s) {
                return i;
            }
        }
        for (int i = candidates.nextSetBit(0); i >= 0 && i < from; i = candidates.nextSetBit(i + 1)) {
            if (i % stripes == s) {
                return i;
            }
        }
        return -1;
    }

    /** The first candidate of stripe {@code s} at or before {@code from}, going backwards and wrapping around. */
    private int backwardFrom(int from, int s) {
        from = Math.max(-1, from);
        for (int i = candidates.previousSetBit(from); i >= 0; i = candidates.previousSetBit(i - 1)) {
            if (i % stripes == s) {
                return i;
            }
        }
        for (int i = candidates.previousSetBit(pieceCount - 1); i > from; i = candidates.previousSetBit(i - 1)) {
            if (i % stripes == s) {
                return i;
            }
        }
        return -1;
    }
}
