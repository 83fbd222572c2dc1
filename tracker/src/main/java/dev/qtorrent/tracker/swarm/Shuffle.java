package dev.qtorrent.tracker.swarm;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * What a partial Fisher-Yates shuffle needs ({@link Swarm#pick}): random positions, and the positions it has moved,
 * as an open-addressing table of ints. A shuffle of k picks touches at most 2k positions, and boxed keys in a hash map
 * cost more than the picking itself. One instance serves every pick under a stripe's lock: a stamp per slot tells the
 * current pick's entries from older ones, so the table is neither allocated nor cleared per pick.
 */
final class Shuffle {
    private final RandomGenerator random;
    private int[] stamps = new int[0];
    private int[] keys = stamps;
    private int[] values = stamps;
    private int mask;
    /** The current pick's stamp; slots with another are free. */
    private int stamp;

    Shuffle(RandomGenerator random) {
        this.random = random;
    }

    /** Begins a pick of up to {@code picks} positions, forgetting every move of the last one. */
    void start(int picks) {
        int capacity = Integer.highestOneBit(Math.max(2, 4 * picks) - 1) << 1;
        if (capacity > stamps.length) {
            stamps = new int[capacity];
            keys = new int[capacity];
            values = new int[capacity];
            mask = capacity - 1;
            stamp = 0;
        }
        if (++stamp == 0) {
            // Wrapped after 2^32 picks: a stale slot could carry the new stamp.
            Arrays.fill(stamps, 0);
            stamp = 1;
        }
    }

    /**
     * A position in [0, {@code bound}), uniform but for a bias below {@code bound} / 2^32: a multiply and a shift
     * instead of the division an exact bounded draw needs, which is felt with fifty draws per announce.
     */
    int below(int bound) {
        return (int) (((random.nextLong() >>> 32) * bound) >>> 32);
    }

    /** What sits at {@code position}: itself unless moved. */
    int at(int position) {
        for (int slot = hash(position); ; slot = (slot + 1) & mask) {
            if (stamps[slot] != stamp) {
                return position;
            }
            if (keys[slot] == position) {
                return values[slot];
            }
        }
    }

    /** Records that {@code value} now sits at {@code position}. */
    void put(int position, int value) {
        int slot = hash(position);
        while (stamps[slot] == stamp && keys[slot] != position) {
            slot = (slot + 1) & mask;
        }
        stamps[slot] = stamp;
        keys[slot] = position;
        values[slot] = value;
    }

    private int hash(int position) {
        return (position * 0x9E3779B9 >>> 16) & mask;
    }
}
