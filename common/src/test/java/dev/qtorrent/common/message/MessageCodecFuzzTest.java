package dev.qtorrent.common.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.Set;

/**
 * Coverage-guided fuzzing of the JSON codec on both sides of the wire. Only {@link ProtocolException} may escape, with
 * a code the decoder documents, and the tracker must always be able to answer it with a one-line error header. A
 * decoded message must encode to a header that decodes to an equal message.
 *
 * <p>Without {@code JAZZER_FUZZ=1} this replays the inputs under {@code MessageCodecFuzzTestInputs/} as a regression
 * test; inputs directly in that folder are shared by both targets.
 */
class MessageCodecFuzzTest {
    private static final Set<ErrorCode> DECODE_CODES =
            Set.of(ErrorCode.MALFORMED_JSON, ErrorCode.UNKNOWN_TYPE, ErrorCode.INVALID_REQUEST);

    private final MessageCodec codec = new MessageCodec();

    @FuzzTest(maxDuration = "5m")
    void decodeRequestRefusesOnlyWithProtocolErrors(byte[] input) {
        Request request;
        try {
            request = codec.decodeRequest(input);
        } catch (ProtocolException e) {
            checkAnswerable(e);
            return;
        }
        assertNotNull(request);
        assertEquals(request, codec.decodeRequest(codec.encodeRequest(request)), "request must round-trip");
    }

    @FuzzTest(maxDuration = "5m")
    void decodeResponseHeaderRefusesOnlyWithProtocolErrors(byte[] input) {
        Response response;
        try {
            response = codec.decodeResponseHeader(input);
        } catch (ProtocolException e) {
            checkAnswerable(e);
            return;
        }
        assertNotNull(response);
        byte[] line = codec.encodeResponseHeader(response);
        assertEquals(MessageCodec.HEADER_END, line[line.length - 1]);
        assertEquals(response, codec.decodeResponseHeader(Arrays.copyOf(line, line.length - 1)),
                "response must round-trip");
    }

    /** What ErrorResponder does with a refused request: the answer must encode, on one line, and decode again. */
    private void checkAnswerable(ProtocolException e) {
        assertTrue(DECODE_CODES.contains(e.code()), () -> "unexpected code " + e.code());
        ErrorResponse answer = ErrorResponse.of(e.code(), e.getMessage());
        byte[] line = codec.encodeResponseHeader(answer);
        for (int i = 0; i < line.length - 1; i++) {
            assertTrue(line[i] != MessageCodec.HEADER_END, "error header must be one line");
        }
        assertEquals(answer, codec.decodeResponseHeader(Arrays.copyOf(line, line.length - 1)));
    }
}
