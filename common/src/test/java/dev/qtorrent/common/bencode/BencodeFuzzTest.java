package dev.qtorrent.common.bencode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;

/**
 * Coverage-guided fuzzing of the bencode decoder. Only {@link BencodeException} may escape, with an offset inside the
 * input; whatever is accepted must encode back to the very same bytes (the decoder accepts canonical bencode only),
 * and each recorded top-level span must hold exactly its value's encoding.
 *
 * <p>Without {@code JAZZER_FUZZ=1} this replays the inputs under {@code BencodeFuzzTestInputs/} as a regression test.
 */
class BencodeFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void decodeIsStrictAndRoundTrips(byte[] input) {
        Decoded decoded;
        try {
            decoded = Bencode.decodeWithSpans(input);
        } catch (BencodeException e) {
            assertTrue(e.offset() >= 0 && e.offset() <= input.length,
                    () -> "offset " + e.offset() + " outside an input of " + input.length + " bytes");
            return;
        }
        assertArrayEquals(input, Bencode.encode(decoded.value()), "decode then encode must give the input back");
        assertEquals(decoded.value(), Bencode.decode(input), "decode and decodeWithSpans must agree");
        if (decoded.value() instanceof BDict dict) {
            assertEquals(dict.entries().keySet(), decoded.topLevelSpans().keySet());
            for (Map.Entry<String, Span> entry : decoded.topLevelSpans().entrySet()) {
                byte[] slice = entry.getValue().slice(input);
                assertArrayEquals(Bencode.encode(dict.entries().get(entry.getKey())), slice,
                        () -> "span of key " + entry.getKey());
            }
        } else {
            assertTrue(decoded.topLevelSpans().isEmpty(), "spans are only recorded for a top-level dictionary");
        }
    }
}
