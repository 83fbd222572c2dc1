package dev.qtorrent.common.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PieceLineTest {
    private static final String HASH = "c40279e214b3d83f765044c68e3203925b3f6e04";
    private static final String REQUEST = "{\"type\":\"piece\",\"info_hash\":\"" + HASH + "\",\"index\":";
    private final MessageCodec codec = new MessageCodec();

    @ParameterizedTest
    @CsvSource({"0,0", "1,1", "9,10", "10,99", "12345,1048576", "2147483647,16777216", "7,999999999999999999"})
    void writesWhatJacksonWritesAndReadsItBack(int index, long length) {
        PieceRequest request = new PieceRequest(HASH, index);
        byte[] json = PieceLine.encode(request);
        assertArrayEquals(codec.write(request), json, new String(json, StandardCharsets.UTF_8));
        assertEquals(request, PieceLine.parseRequest(json));
        assertEquals(request, codec.decodeRequest(codec.encodeRequest(request)));

        PieceResponse answer = new PieceResponse(HASH, index, length);
        json = PieceLine.encode(answer);
        assertArrayEquals(codec.write(answer), json, new String(json, StandardCharsets.UTF_8));
        assertEquals(answer, PieceLine.parseResponse(json));
        byte[] line = codec.encodeResponseHeader(answer);
        assertEquals(new String(codec.write(answer), StandardCharsets.UTF_8) + "\n",
                new String(line, StandardCharsets.UTF_8));
        assertEquals(answer, codec.decodeResponseHeader(Arrays.copyOf(line, line.length - 1)));
    }

    @Test
    void theRequestIsTheProtocolsExample() {
        assertEquals(REQUEST + "0}", new String(PieceLine.encode(new PieceRequest(HASH, 0)),
                StandardCharsets.US_ASCII));
        assertEquals(REQUEST + "0,\"length\":12}", new String(PieceLine.encode(new PieceResponse(HASH, 0, 12)),
                StandardCharsets.US_ASCII));
    }

    /** Valid JSON in another form: the shortcut passes, the general path reads it. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"index\":5,\"length\":12,\"type\":\"piece\",\"info_hash\":\"" + HASH + "\"}",
        "{\"type\":\"piece\", \"info_hash\":\"" + HASH + "\",\"index\":5,\"length\":12}",
        REQUEST + "5,\"length\":12 }",
        REQUEST + "5,\"length\":12,\"extra\":true}",
        " " + REQUEST + "5,\"length\":12}",
    })
    void otherFormsOfAnAnswerGoToTheGeneralPath(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertNull(PieceLine.parseResponse(bytes));
        assertEquals(new PieceResponse(HASH, 5, 12), codec.decodeResponseHeader(bytes));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"index\":5,\"type\":\"piece\",\"info_hash\":\"" + HASH + "\"}",
        REQUEST + "5 }",
        REQUEST + "5,\"priority\":1}",
    })
    void otherFormsOfARequestGoToTheGeneralPath(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertNull(PieceLine.parseRequest(bytes));
        assertEquals(new PieceRequest(HASH, 5), codec.decodeRequest(bytes));
    }

    /**
     * What the general path refuses, the shortcut refuses too, with the general path's code and the byte it stopped
     * at. The common prefix is 79 bytes, so the index starts at byte 79 and the length at byte 90.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "5,\"length\":007}|MALFORMED_JSON|(at byte 91)",
        "5,\"length\":}|MALFORMED_JSON|(at byte 90)",
        "5,\"length\":12|MALFORMED_JSON|(at byte 92)",
        "5,\"length\":12}}|MALFORMED_JSON|(at byte 93)",
        "5,\"length\":12}x|MALFORMED_JSON|(at byte 94)",
        "5,\"length\":1-2}|MALFORMED_JSON|(at byte 91)",
        "05,\"length\":12}|MALFORMED_JSON|(at byte 80)",
        "2147483648,\"length\":12}|INVALID_REQUEST|(at byte 89)",
        "5,\"length\":99999999999999999999}|INVALID_REQUEST|(at byte 110)",
        "-1,\"length\":12}|INVALID_REQUEST|index must not be negative",
        "5,\"length\":-12}|INVALID_REQUEST|length must not be negative",
        "5}|INVALID_REQUEST|length",
    })
    void whatTheGeneralPathRefusesIsRefused(String tail, ErrorCode code, String detail) {
        byte[] bytes = (REQUEST + tail).getBytes(StandardCharsets.UTF_8);
        assertNull(PieceLine.parseResponse(bytes));
        ProtocolException e = assertThrows(ProtocolException.class, () -> codec.decodeResponseHeader(bytes));
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(detail), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"piece\",\"info_hash\":\"C40279E214B3D83F765044C68E3203925B3F6E04\",\"index\":1,\"length\":2}",
        "{\"type\":\"piece\",\"info_hash\":\"c40279e214b3d83f765044c68e3203925b3f6e0\",\"index\":1,\"length\":2}",
        "{\"type\":\"piece\",\"info_hash\":\"c40279e214b3d83f765044c68e3203925b3f6e0g\",\"index\":1,\"length\":2}",
        "{\"type\":\"piece\",\"info_hash\":\"" + HASH + "\",\"index\":1,\"length\":2,\"length\":3}",
        "{\"type\":\"piece\",\"info_hash\":\"" + HASH + "\",\"index\":1.0,\"length\":2}",
        "{\"type\":\"piece\",\"info_hash\":\"" + HASH + "\",\"index\":1,\"length\":1.2e1}",
        "{\"type\":\"piece\",\"info_hash\":\"" + HASH + "\",\"index\":\"1\",\"length\":2}",
        "{\"type\":\"piece\",\"info_hash\":\"" + HASH + "\"",
        "{\"type\":\"piece\",\"info_hash\":\"",
        "{\"type\":\"piece\"",
    })
    void brokenAnswersAreRefused(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertNull(PieceLine.parseResponse(bytes));
        assertThrows(ProtocolException.class, () -> codec.decodeResponseHeader(bytes));
    }

    @ParameterizedTest
    @ValueSource(strings = {"007}", "}", "1", "1}}", "2147483648}", "-1}", "1.5}", "1,\"length\":2}x"})
    void brokenRequestsAreRefused(String tail) {
        byte[] bytes = (REQUEST + tail).getBytes(StandardCharsets.UTF_8);
        assertNull(PieceLine.parseRequest(bytes));
        assertThrows(ProtocolException.class, () -> codec.decodeRequest(bytes));
    }
}
