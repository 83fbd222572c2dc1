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
 * few rare pieces; each prefers instead its own stripe of them ({@link #stripe}), pieces whose index falls on its
 * place among the peers it knows, so that the origin sends each piece about once and the peers trade the rest.
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

    /** This downloader's place {@code stripe} among {@code stripes} downloaders, for the origin's pieces. */
    void stripe(int stripe, int stripes) {
        if (stripes < 1 || stripe < 0 || stripe >= stripes) {
            throw new IllegalArgumentException("stripe " + stripe + " of " + stripes);
        }
        this.stripe = stripe;
        this.stripes = stripes;
    }

    /**
     * The next piece to ask {@code source} for among the missing ones it holds and nobody is sending: {@code taken}
     * are requested already. Returns -1 when there is none.
     *
     * @param origin whether the source is the origin, which is asked only for pieces no peer holds
     */
    int pick(BitSet holds, BitSet taken, boolean origin) {
        boolean atRandom = pieceCount - missing.cardinality() < RANDOM_FIRST;
        if (origin) {
            int mine = best(holds, taken, true, true, atRandom);
            return mine >= 0 ? mine : best(holds, taken, true, false, atRandom);
        }
        return best(holds, taken, false, false, atRandom);
    }

    /**
     * One pass over the candidates: the rarest, ties (and the first pieces) at random by reservoir sampling, so that
     * no piece order is favoured and no list is built. The candidates are found a word of 64 pieces at a time.
     */
    private int best(BitSet holds, BitSet taken, boolean origin, boolean ownStripe, boolean atRandom) {
        candidates.clear();
        candidates.or(missing);
        candidates.and(holds);
        candidates.andNot(taken);
        if (origin) {
            candidates.andNot(held);
        }
        int chosen = -1;
        int lowest = Integer.MAX_VALUE;
        int ties = 0;
        for (int i = candidates.nextSetBit(0); i >= 0; i = candidates.nextSetBit(i + 1)) {
            if (ownStripe && i % stripes != stripe) {
                continue;
            }
            if (origin && stripes == 1) {
                // Alone with the origin, order buys nothing: in index order the file fills from the front.
                return i;
            }
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
}
