package dev.qtorrent.common.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.BitSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The peer messages' wire form: bitfields as BEP 3 bits in base64, have lines, and busy refusals. */
class PeerMessagesCodecTest {
    private static final String HASH = "0123456789abcdef0123456789abcdef01234567";

    private final MessageCodec codec = new MessageCodec();

    @Test
    void bitfieldBitsAreBep3HighBitFirstInBase64() {
        BitSet held = new BitSet();
        held.set(0);
        held.set(3);
        held.set(9);
        BitfieldResponse answer = BitfieldResponse.of(HASH, 10, held);

        assertEquals("kEA=", answer.bitfield(), "0x90 0x40");
        assertEquals(held, answer.held());
        assertTrue(answer.has(9));
        assertFalse(answer.has(1));
        assertFalse(answer.has(10), "beyond the torrent");
        assertFalse(answer.complete());
        assertEquals("{\"type\":\"bitfield\",\"info_hash\":\"" + HASH + "\",\"pieces\":10,\"bitfield\":\"kEA=\"}\n",
                new String(codec.encodeResponseHeader(answer), StandardCharsets.UTF_8));
    }

    @Test
    void bitsBeyondThePieceCountAreNotEncoded() {
        BitSet held = new BitSet();
        held.set(0, 20);
        assertEquals(new BitfieldResponse(HASH, 3, "4A=="), BitfieldResponse.of(HASH, 3, held));
        assertTrue(BitfieldResponse.of(HASH, 3, held).complete());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "spare bit set             | 3  | 4Q==     | spare bits",
        "one byte short            | 10 | kA==     | must be 2 bytes",
        "one byte too many         | 8  | kEA=     | must be 1 bytes",
        "missing padding           | 10 | kEA      | canonical base64",
        "URL-safe alphabet         | 8  | _w==     | not base64",
        "not base64 at all         | 8  | !!!!     | not base64",
        "non-zero padding bits     | 8  | /x==     | canonical base64",
        "negative piece count      | -1 | ''       | must not be negative",
    })
    void badBitfieldsAreInvalid(String name, int pieces, String bits, String why) {
        String json = "{\"type\":\"bitfield\",\"info_hash\":\"" + HASH + "\",\"pieces\":" + pieces
                + ",\"bitfield\":\"" + bits + "\"}";
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> codec.decodeResponseHeader(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "bitfield without info_hash | {\"type\":\"bitfield\"}                                         | INVALID_REQUEST",
        "have without info_hash     | {\"type\":\"have\"}                                             | INVALID_REQUEST",
        "have with a bad hash       | {\"type\":\"have\",\"info_hash\":\"00\"}                          | INVALID_REQUEST",
        "bitfield hash as a number  | {\"type\":\"bitfield\",\"info_hash\":7}                          | INVALID_REQUEST",
        "have cut off               | {\"type\":\"have\",\"info_hash\":\"01                            | MALFORMED_JSON",
    })
    void badPeerRequestsMapToTheirCodes(String name, String json, ErrorCode expected) {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> codec.decodeRequest(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, e.code(), e.getMessage());
    }

    @Test
    void syntaxErrorsSayWhere() {
        String json = "{\"type\":\"bitfield\",\"info_hash\":\"" + HASH + "\",,}";
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> codec.decodeRequest(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(ErrorCode.MALFORMED_JSON, e.code());
        int second = json.indexOf(",,") + 1;
        assertTrue(e.getMessage().contains("(at byte " + second + ")"), e.getMessage());
    }

    @Test
    void haveLinesCarryTheIndex() {
        assertEquals("{\"type\":\"have\",\"info_hash\":\"" + HASH + "\",\"index\":4}\n",
                new String(codec.encodeResponseHeader(new HaveResponse(HASH, 4)), StandardCharsets.UTF_8));
        assertThrows(IllegalArgumentException.class, () -> new HaveResponse(HASH, -1));
    }

    @Test
    void unavailableCarriesRetryAfter() {
        ErrorResponse refused = ProtocolException.unavailable("Redis at 10.0.0.5:6379 is down",
                Duration.ofSeconds(2), null).response();
        String wire = "{\"type\":\"error\",\"error\":\"Redis at 10.0.0.5:6379 is down\",\"code\":\"unavailable\","
                + "\"retry_after_ms\":2000}\n";
        assertEquals(wire, new String(codec.encodeResponseHeader(refused), StandardCharsets.UTF_8));
        assertEquals(refused, codec.decodeResponseHeader(wire.trim().getBytes(StandardCharsets.UTF_8)));
        assertEquals(ErrorCode.UNAVAILABLE, refused.errorCode());
        String without = "{\"type\":\"error\",\"error\":\"x\",\"code\":\"unavailable\"}";
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> codec.decodeResponseHeader(without.getBytes(StandardCharsets.UTF_8)));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
    }

    @Test
    void busyCarriesRetryAfterAndOnlyBusyDoes() {
        ErrorResponse busy = ErrorResponse.busy(null, Duration.ofMillis(200));
        assertEquals("{\"error\":\"" + ErrorCode.BUSY.description() + "\",\"code\":\"busy\",\"retry_after_ms\":200}",
                new String(codec.encodeResponseHeader(busy), StandardCharsets.UTF_8).trim().replace(
                        "{\"type\":\"error\",", "{"));
        assertEquals(busy, ProtocolException.busy(ErrorCode.BUSY.description(), Duration.ofMillis(200)).response());
        assertEquals(ErrorCode.BUSY, busy.errorCode());

        for (String json : new String[] {
            "{\"type\":\"error\",\"error\":\"x\",\"code\":\"busy\"}",
            "{\"type\":\"error\",\"error\":\"x\",\"code\":\"busy\",\"retry_after_ms\":-1}",
            "{\"type\":\"error\",\"error\":\"x\",\"code\":\"internal_error\",\"retry_after_ms\":5}",
            "{\"type\":\"error\",\"error\":\"x\",\"code\":\"busy\",\"retry_after_ms\":\"5\"}",
        }) {
            ProtocolException e = assertThrows(ProtocolException.class,
                    () -> codec.decodeResponseHeader(json.getBytes(StandardCharsets.UTF_8)), json);
            assertEquals(ErrorCode.INVALID_REQUEST, e.code(), json);
        }
        // An error without retry_after_ms stays as it was.
        assertEquals("{\"type\":\"error\",\"error\":\"x\",\"code\":\"internal_error\"}\n", new String(
                codec.encodeResponseHeader(new ErrorResponse("x", "internal_error")), StandardCharsets.UTF_8));
    }

    @Test
    void aBusyOfOnePieceSaysSoInItsScope() {
        ErrorResponse piece = ProtocolException.busyPiece("piece 3 is on its way to another peer",
                Duration.ofMillis(700)).response();
        assertEquals("{\"type\":\"error\",\"error\":\"piece 3 is on its way to another peer\",\"code\":\"busy\","
                + "\"retry_after_ms\":700,\"scope\":\"piece\"}\n",
                new String(codec.encodeResponseHeader(piece), StandardCharsets.UTF_8));
        ErrorResponse decoded = (ErrorResponse) codec.decodeResponseHeader(
                "{\"type\":\"error\",\"error\":\"x\",\"code\":\"busy\",\"retry_after_ms\":7,\"scope\":\"piece\"}"
                        .getBytes(StandardCharsets.UTF_8));
        assertTrue(decoded.pieceOnly());
        assertEquals(7L, decoded.retryAfterMs());
        assertFalse(ErrorResponse.busy(null, Duration.ZERO).pieceOnly(), "no scope: the whole node");
        ErrorResponse future = (ErrorResponse) codec.decodeResponseHeader(
                "{\"type\":\"error\",\"error\":\"x\",\"code\":\"busy\",\"retry_after_ms\":7,\"scope\":\"torrent\"}"
                        .getBytes(StandardCharsets.UTF_8));
        assertFalse(future.pieceOnly(), "a scope this version does not know covers the whole node");

        for (String json : new String[] {
            "{\"type\":\"error\",\"error\":\"x\",\"code\":\"internal_error\",\"scope\":\"piece\"}",
            "{\"type\":\"error\",\"error\":\"x\",\"code\":\"busy\",\"retry_after_ms\":7,\"scope\":\"\"}",
            "{\"type\":\"error\",\"error\":\"x\",\"code\":\"busy\",\"retry_after_ms\":7,\"scope\":1}",
        }) {
            ProtocolException e = assertThrows(ProtocolException.class,
                    () -> codec.decodeResponseHeader(json.getBytes(StandardCharsets.UTF_8)), json);
            assertEquals(ErrorCode.INVALID_REQUEST, e.code(), json);
        }
    }
}
