package dev.qtorrent.client.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PiecePickerTest {
    private static BitSet all(int n) {
        BitSet bits = new BitSet(n);
        bits.set(0, n);
        return bits;
    }

    private static BitSet of(int... indexes) {
        BitSet bits = new BitSet();
        for (int i : indexes) {
            bits.set(i);
        }
        return bits;
    }

    @Test
    void picksTheRarestPieceAPeerHoldsOnceTheFirstPiecesAreIn() {
        PiecePicker picker = new PiecePicker(10, of(0, 1, 2, 3), new SplittableRandom(1));
        picker.held(of(4, 5, 6, 7, 8, 9), 1);
        picker.held(of(4, 5, 6, 8, 9), 1);
        picker.held(of(4, 5, 8, 9), 1);
        // Piece 7 is held by one peer, 6 by two, the others by three.
        assertEquals(7, picker.pick(all(10), new BitSet(), false));
        assertEquals(6, picker.pick(all(10), of(7), false));
        assertEquals(-1, picker.pick(of(0, 1), new BitSet(), false), "nothing missing that the source holds");
    }

    @Test
    void picksTheFirstPiecesAtRandomWhateverTheirRarity() {
        Set<Integer> seen = new HashSet<>();
        for (int seed = 0; seed < 40; seed++) {
            PiecePicker picker = new PiecePicker(8, new BitSet(), new SplittableRandom(seed));
            picker.held(of(0), 1);
            seen.add(picker.pick(all(8), new BitSet(), false));
        }
        assertTrue(seen.size() > 3, "random first pieces, got " + seen);
    }

    @Test
    void breaksTiesAtRandom() {
        Set<Integer> seen = new HashSet<>();
        for (int seed = 0; seed < 40; seed++) {
            PiecePicker picker = new PiecePicker(8, of(0, 1, 2, 3), new SplittableRandom(seed));
            seen.add(picker.pick(all(8), new BitSet(), false));
        }
        assertEquals(Set.of(4, 5, 6, 7), seen);
    }

    @Test
    void asksTheOriginOnlyForPiecesNoPeerHolds() {
        PiecePicker picker = new PiecePicker(6, new BitSet(), new SplittableRandom(3));
        picker.held(of(0, 1, 2, 4, 5), 1);
        assertEquals(3, picker.pick(all(6), new BitSet(), true));
        assertEquals(-1, picker.pick(all(6), of(3), true), "the rest comes from the peer");
        picker.held(of(0, 1, 2, 4, 5), -1);
        assertNotEquals(-1, picker.pick(all(6), of(3), true), "the peer left: the origin serves again");
    }

    @Test
    void aPieceAPeerLacksAfterAllGoesBackToTheOrigin() {
        PiecePicker picker = new PiecePicker(6, new BitSet(), new SplittableRandom(3));
        picker.held(of(2), 1);
        picker.have(2);
        picker.lacks(2);
        assertEquals(1, picker.availability(2));
        assertEquals(-1, picker.pick(of(2), new BitSet(), true), "another peer still holds it");
        picker.lacks(2);
        picker.lacks(2);
        assertEquals(0, picker.availability(2), "never below none");
        assertEquals(2, picker.pick(of(2), new BitSet(), true));
    }

    @Test
    void alonePiecesComeFromTheOriginInOrder() {
        PiecePicker picker = new PiecePicker(6, of(0), new SplittableRandom(5));
        assertEquals(1, picker.pick(all(6), new BitSet(), true));
        assertEquals(2, picker.pick(all(6), of(1), true));
    }

    @Test
    void downloadersPreferTheirOwnStripeOfTheOriginsPieces() {
        PiecePicker picker = new PiecePicker(12, new BitSet(), new SplittableRandom(7));
        picker.stripe(1, 3);
        BitSet taken = new BitSet();
        for (int i = 0; i < 4; i++) {
            int index = picker.pick(all(12), taken, true);
            assertEquals(1, index % 3, "piece " + index + " is not in stripe 1 of 3");
            taken.set(index);
        }
        int beyond = picker.pick(all(12), taken, true);
        assertTrue(beyond >= 0 && beyond % 3 != 1, "with its stripe taken it helps with the others");
    }
}
