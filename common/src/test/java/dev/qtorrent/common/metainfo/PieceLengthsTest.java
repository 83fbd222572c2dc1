package dev.qtorrent.common.metainfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PieceLengthsTest {

    @ParameterizedTest(name = "{0} bytes -> {1}")
    @CsvSource({
            "0,                 16384",
            "1,                 16384",
            "32768000,          16384",     // exactly 2,000 pieces of 16 KiB
            "32768001,          32768",     // one byte more needs a 2,001st piece
            "100000000,         65536",     // 100 MB -> 1,526 pieces
            "1073741824,        1048576",   // 1 GiB -> 1,024 pieces
            "4294967296,        4194304",   // 4 GiB -> 1,024 pieces
            "33554432000,       16777216",  // 2,000 pieces of 16 MiB
            "1099511627776,     16777216",  // 1 TiB: capped, 65,536 pieces
            "9223372036854775807, 16777216"})
    void choosesAPowerOfTwoForAtMost2000Pieces(long totalLength, long expected) {
        long chosen = PieceLengths.choose(totalLength);

        assertEquals(expected, chosen);
        assertEquals(1, Long.bitCount(chosen));
    }

    @Test
    void rejectsANegativeLength() {
        assertThrows(IllegalArgumentException.class, () -> PieceLengths.choose(-1));
    }
}
