package dev.qtorrent.common.metainfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InfoHashTest {

    private static final String HEX = "a10df997198180f6b5a773057ffd220a5c92551f";

    @Test
    void parsesHexInEitherCaseAndPrintsLowercase() {
        InfoHash lower = InfoHash.fromHex(HEX);
        InfoHash upper = InfoHash.fromHex(HEX.toUpperCase());

        assertEquals(lower, upper);
        assertEquals(lower.hashCode(), upper.hashCode());
        assertEquals(HEX, upper.hex());
        assertEquals(HEX, upper.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a10df997198180f6b5a773057ffd220a5c92551", "a10df997198180f6b5a773057ffd220a5c92551f0",
            "g10df997198180f6b5a773057ffd220a5c92551f", "+10df997198180f6b5a773057ffd220a5c92551f",
            "\uff10\uff10df997198180f6b5a773057ffd220a5c92551f", " 10df997198180f6b5a773057ffd220a5c92551f"})
    void rejectsAnythingButFortyHexDigits(String hex) {
        assertThrows(IllegalArgumentException.class, () -> InfoHash.fromHex(hex));
    }

    @Test
    void requiresTwentyBytesAndCopiesThem() {
        byte[] bytes = new byte[20];
        InfoHash hash = new InfoHash(bytes);
        bytes[0] = 1;
        hash.bytes()[1] = 1;

        assertEquals(new InfoHash(new byte[20]), hash);
        assertThrows(IllegalArgumentException.class, () -> new InfoHash(new byte[19]));
    }

    @Test
    void hashesWithSha1() {
        // SHA-1("abc") from FIPS 180-2, appendix A.1.
        assertEquals("a9993e364706816aba3e25717850c26c9cd0d89d",
                InfoHash.of("abc".getBytes(StandardCharsets.US_ASCII)).hex());
        assertNotEquals(InfoHash.of(new byte[0]), InfoHash.of(new byte[1]));
    }
}
