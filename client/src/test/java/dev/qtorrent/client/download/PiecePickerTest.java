package dev.qtorrent.client.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
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
    void downloadersTakeTheirOwnStripeOfTheOriginsPiecesFromTheFront() {
        PiecePicker picker = new PiecePicker(12, new BitSet(), new SplittableRandom(7));
        picker.stripe(1, new int[3]);
        BitSet taken = new BitSet();
        for (int expected : new int[] {1, 4, 7, 10}) {
            int index = picker.pick(all(12), taken, true);
            assertEquals(expected, index, "stripe 1 of 3, from the front");
            taken.set(index);
        }
    }

    @Test
    void aDownloaderThroughItsStripeHelpsWithTheNextOneFromTheBack() {
        PiecePicker picker = new PiecePicker(12, of(1, 4, 7, 10), new SplittableRandom(7));
        picker.stripe(1, new int[3]);
        BitSet taken = of(2);
        // Stripe 2 (2, 5, 8, 11) is its owner's, who takes it from the front: the helper starts at the other end.
        assertEquals(11, picker.pick(all(12), taken, true));
        taken.set(11);
        assertEquals(8, picker.pick(all(12), taken, true));
        taken.set(5);
        taken.set(8);
        assertEquals(9, picker.pick(all(12), taken, true), "stripe 2 taken: stripe 0, from the back");
        picker.held(of(9, 6), 1);
        assertEquals(3, picker.pick(all(12), taken, true), "what peers hold is theirs to send");
    }

    @Test
    void ownersStartWhereTheirPeerIdsSayAndHelpersEndThere() {
        List<Integer> stripeTwo = List.of(2, 5, 8, 11);
        Set<Integer> firsts = new HashSet<>();
        for (int seed = 0; seed < 40; seed++) {
            int[] seeds = {seed * 7, seed, seed * 13};
            PiecePicker owner = new PiecePicker(12, new BitSet(), new SplittableRandom(1));
            owner.stripe(2, seeds);
            int first = owner.pick(all(12), new BitSet(), true);
            assertTrue(stripeTwo.contains(first), first + " is not in stripe 2 of 3");
            firsts.add(first);

            PiecePicker helper = new PiecePicker(12, of(1, 4, 7, 10), new SplittableRandom(1));
            helper.stripe(1, seeds);
            int expected = stripeTwo.get((stripeTwo.indexOf(first) + 3) % 4);
            assertEquals(expected, helper.pick(all(12), of(first), true), "the owner's last piece, seeds " + seed);
        }
        assertTrue(firsts.size() > 2, "owners start at different pieces, got " + firsts);
    }
}
