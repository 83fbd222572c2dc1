package dev.qtorrent.common.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * Coverage-guided fuzzing of the JSON codec on both sides of the wire. Only {@link ProtocolException} may escape, with
 * a code the decoder documents, and the tracker must always be able to answer it with a one-line error header. A
 * decoded message must encode to a header that decodes to an equal message. Codes must be honest: only well-formed
 * JSON in valid UTF-8 may be accepted, and a refusal as {@code invalid_request} or {@code unknown_type} must not hide
 * invalid UTF-8 or a syntax error that the parser met. The decoder reads in one pass, so the first problem decides:
 * {@code {"type":"x"...garbage} is an unknown type, as the type is read before the garbage.
 *
 * <p>Without {@code JAZZER_FUZZ=1} this replays the inputs under {@code MessageCodecFuzzTestInputs/} as a regression
 * test; inputs directly in that folder are shared by both targets.
 */
class MessageCodecFuzzTest {
    private static final Set<ErrorCode> DECODE_CODES =
            Set.of(ErrorCode.MALFORMED_JSON, ErrorCode.UNKNOWN_TYPE, ErrorCode.INVALID_REQUEST);

    private final MessageCodec codec = new MessageCodec();
    /**
     * A plain parser with the codec's syntax rules, to tell malformed JSON from JSON that is merely not a message. Like
     * the codec, it refuses anything after the first value ({@code {...} 1}), so an accepted input is one JSON text.
     */
    private final ObjectMapper syntax = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    @FuzzTest(maxDuration = "5m")
    void decodeRequestRefusesOnlyWithProtocolErrors(byte[] input) {
        Request request;
        try {
            request = codec.decodeRequest(input);
        } catch (ProtocolException e) {
            checkAnswerable(e);
            checkCodeIsHonest(input, e);
            return;
        }
        assertNotNull(request);
        assertTrue(isWellFormed(input), "accepted a request that is not well-formed JSON in UTF-8");
        assertEquals(request, codec.decodeRequest(codec.encodeRequest(request)), "request must round-trip");
    }

    @FuzzTest(maxDuration = "5m")
    void decodeResponseHeaderRefusesOnlyWithProtocolErrors(byte[] input) {
        Response response;
        try {
            response = codec.decodeResponseHeader(input);
        } catch (ProtocolException e) {
            checkAnswerable(e);
            checkCodeIsHonest(input, e);
            return;
        }
        assertNotNull(response);
        assertTrue(isWellFormed(input), "accepted a header that is not well-formed JSON in UTF-8");
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

    /** Refusing a value (rather than the syntax) is wrong when the input is not UTF-8 or the parser met bad syntax. */
    private void checkCodeIsHonest(byte[] input, ProtocolException e) {
        if (e.code() == ErrorCode.MALFORMED_JSON) {
            return;
        }
        assertTrue(isUtf8(input), () -> "answered " + e.code() + " to input that is not UTF-8: " + e.getMessage());
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            boolean syntaxError = cause instanceof StreamReadException && !(cause instanceof InputCoercionException);
            Throwable found = cause;
            assertFalse(syntaxError, () -> "answered " + e.code() + " to a syntax error: " + found);
        }
    }

    private static boolean isUtf8(byte[] input) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(input));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Strict UTF-8 (no overlong forms, no surrogates) holding JSON without syntax errors; limits do not count. */
    private boolean isWellFormed(byte[] input) {
        if (!isUtf8(input)) {
            return false;
        }
        try {
            syntax.readTree(input);
            return true;
        } catch (StreamConstraintsException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
