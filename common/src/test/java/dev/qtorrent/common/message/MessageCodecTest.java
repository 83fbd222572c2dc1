package dev.qtorrent.common.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qtorrent.common.message.AnnounceRequest.Event;
import dev.qtorrent.common.message.AnnounceResponse.Peer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(30)
class MessageCodecTest {
    private static final String HASH = "0123456789abcdef0123456789abcdef01234567";
    private static final String ZEROS = "0000000000000000000000000000000000000000";

    private final MessageCodec codec = new MessageCodec();

    /** One instance of every request kind, keyed by its wire type name. */
    private static final Map<String, Request> REQUESTS = Map.of(
            "announce", new AnnounceRequest(HASH, "-QT0001-abcdefghijkl", 6881, 1, 2, 3, Event.STARTED),
            "piece", new PieceRequest(HASH, 7),
            "metainfo", new MetainfoRequest(HASH),
            "bitfield", new BitfieldRequest(HASH),
            "have", new HaveRequest(HASH),
            "peer_check", new PeerCheckRequest(HASH, "ab".repeat(32)),
            "scrape", new ScrapeRequest(List.of(HASH, ZEROS)),
            "watch", new WatchRequest(HASH));

    /** One instance of every response kind, keyed by its wire type name. */
    private static final Map<String, Response> RESPONSES = Map.of(
            "announce", new AnnounceResponse(60, List.of(
                    new Peer("qtorrent-tracker", "127.0.0.1", 7001, "ab".repeat(32)),
                    new Peer("-QT0001-abcdefghijkl", "::1", 6881, "cd".repeat(32))), 2, 1),
            "piece", new PieceResponse(HASH, 3, 16384),
            "metainfo", new MetainfoResponse(HASH, 91),
            "bitfield", new BitfieldResponse(HASH, 10, "kEA="),
            "have", new HaveResponse(HASH, 9),
            "peer_check", new PeerCheckResponse(HASH, "ab".repeat(32), true),
            "scrape", new ScrapeResponse(Map.of(HASH, new ScrapeResponse.Swarm(2, 1, 5))),
            "watch", new WatchResponse(HASH),
            "swarm_change", new SwarmChangeResponse(HASH, SwarmChangeResponse.Change.LEFT,
                    new Peer("-QT0001-abcdefghijkl", "::1", 6881, "cd".repeat(32)), true),
            "error", ErrorResponse.of(ErrorCode.UNKNOWN_INFO_HASH, "no such torrent"));

    static Stream<Request> requests() {
        return Stream.of(
                new AnnounceRequest(HASH, "p", 0, 0, 0, 0, Event.STARTED),
                new AnnounceRequest(HASH, "-QT0001-abcdefghijkl", 65_535, Long.MAX_VALUE, 5, 9, Event.COMPLETED),
                new AnnounceRequest(HASH, "x".repeat(64), 1, 0, 0, 1, Event.STOPPED),
                new AnnounceRequest(HASH, "!~", 1, 0, 0, 1, null),
                new PieceRequest(HASH, 0),
                new PieceRequest(ZEROS, Integer.MAX_VALUE),
                new MetainfoRequest(ZEROS),
                new BitfieldRequest(ZEROS),
                new HaveRequest(ZEROS),
                new PeerCheckRequest(ZEROS, "0".repeat(64)));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void requestsRoundTrip(Request request) {
        assertEquals(request, codec.decodeRequest(codec.encodeRequest(request)));
    }

    /** Warming up runs every message kind through an instance, which keeps working, strict as before, afterwards. */
    @Test
    void warmUpCoversEveryKindAndLeavesTheCodecStrict() {
        MessageCodec warmed = new MessageCodec();
        warmed.warmUp();
        PieceRequest piece = new PieceRequest(HASH, 3);
        assertEquals(piece, warmed.decodeRequest(warmed.encodeRequest(piece)));
        assertEquals(ErrorCode.UNKNOWN_TYPE, assertThrows(ProtocolException.class, () -> warmed.decodeRequest(
                "{\"type\":\"warm-up\"}".getBytes(StandardCharsets.UTF_8))).code());
    }

    /** The downloader's warm-up leaves the codec as strict as before, for the kinds it readied and the rest. */
    @Test
    void downloadersWarmUpLeavesTheCodecStrict() {
        MessageCodec warmed = new MessageCodec();
        warmed.warmUpForDownloads();
        Response announce = RESPONSES.get("announce");
        byte[] line = warmed.encodeResponseHeader(announce);
        assertEquals(announce, warmed.decodeResponseHeader(Arrays.copyOf(line, line.length - 1)));
        assertEquals(ErrorCode.UNKNOWN_TYPE, assertThrows(ProtocolException.class, () -> warmed.decodeResponseHeader(
                "{\"type\":\"warm-up\"}".getBytes(StandardCharsets.UTF_8))).code());
        assertEquals(ErrorCode.INVALID_REQUEST, assertThrows(ProtocolException.class, () -> warmed.decodeRequest(
                "{\"type\":\"watch\",\"info_hash\":7}".getBytes(StandardCharsets.UTF_8))).code());
    }

    /** A regular announce has no event: the member is left out on the wire and optional when decoding. */
    @Test
    void regularAnnounceWithoutEventRoundTrips() {
        AnnounceRequest regular = new AnnounceRequest(HASH, "peer", 6881, 0, 0, 10, null);

        byte[] json = codec.encodeRequest(regular);

        assertFalse(new String(json, StandardCharsets.UTF_8).contains("event"));
        assertEquals(regular, codec.decodeRequest(json));
    }

    @Test
    void explicitNullEventIsARegularAnnounce() {
        Request decoded = codec.decodeRequest(utf8("{\"type\":\"announce\",\"info_hash\":\"" + HASH
                + "\",\"peer_id\":\"p\",\"port\":1,\"uploaded\":0,\"downloaded\":0,\"left\":0,\"event\":null}"));

        assertEquals(new AnnounceRequest(HASH, "p", 1, 0, 0, 0, null), decoded);
    }

    /** docs/PROTOCOL.md section 5.2: numwant is optional, 50 when absent or null, and 0 to 200 when given. */
    @ParameterizedTest
    @CsvSource({"'', 50", "',\"numwant\":null', 50", "',\"numwant\":0', 0", "',\"numwant\":1', 1",
        "',\"numwant\":200', 200"})
    void numwantDefaultsTo50AndAcceptsZeroTo200(String member, int expected) {
        AnnounceRequest decoded = (AnnounceRequest) codec.decodeRequest(utf8("{\"type\":\"announce\",\"info_hash\":\""
                + HASH + "\",\"peer_id\":\"p\",\"port\":1,\"uploaded\":0,\"downloaded\":0,\"left\":0" + member + "}"));

        assertEquals(expected, decoded.numwant());
        assertEquals(decoded, codec.decodeRequest(codec.encodeRequest(decoded)));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 201, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void numwantOutsideZeroTo200IsRefusedByTheRecord(int numwant) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AnnounceRequest(HASH, "p", 1, 0, 0, 0, null, numwant));

        assertEquals("numwant must be between 0 and 200, got " + numwant, e.getMessage());
    }

    static Stream<Response> responses() {
        return Stream.concat(RESPONSES.values().stream(), Stream.of(
                new AnnounceResponse(1, List.of(), 0, 0),
                new PieceResponse(ZEROS, 0, 0),
                new MetainfoResponse(ZEROS, 0),
                ErrorResponse.of(ErrorCode.INTERNAL_ERROR, null),
                ErrorResponse.busy("upload slots full", java.time.Duration.ofMillis(200)),
                new BitfieldResponse(ZEROS, 0, ""),
                new BitfieldResponse(ZEROS, 8, "/w=="),
                new HaveResponse(ZEROS, Integer.MAX_VALUE),
                new PeerCheckResponse(ZEROS, "0".repeat(64), false),
                new ScrapeResponse(Map.of()),
                new ErrorResponse("line one\nline two\r\n\u2028 \"quoted\"", "some_future_code")));
    }

    @ParameterizedTest
    @MethodSource("responses")
    void responsesRoundTrip(Response response) {
        byte[] line = codec.encodeResponseHeader(response);

        assertEquals(response, codec.decodeResponseHeader(Arrays.copyOf(line, line.length - 1)));
    }

    /** The header ends at the first newline, so a newline inside any text must be escaped. */
    @ParameterizedTest
    @MethodSource("responses")
    void responseHeaderEndsWithExactlyOneNewline(Response response) {
        byte[] line = codec.encodeResponseHeader(response);

        assertEquals(MessageCodec.HEADER_END, line[line.length - 1]);
        assertEquals(1, count(line, (byte) '\n'), new String(line, StandardCharsets.UTF_8));
        assertEquals(0, count(line, (byte) '\r'));
    }

    @Test
    void everyRequestSubclassIsRegisteredUnderItsTypeName() {
        assertRegistered(Request.class, REQUESTS, codec::encodeRequest, codec::decodeRequest);
    }

    @Test
    void everyResponseSubclassIsRegisteredUnderItsTypeName() {
        assertRegistered(Response.class, RESPONSES, codec::encodeResponseHeader,
                line -> codec.decodeResponseHeader(Arrays.copyOf(line, line.length - 1)));
    }

    private static <T> void assertRegistered(Class<T> family, Map<String, ? extends T> samples,
                                             Function<T, byte[]> encode, Function<byte[], T> decode) {
        Set<Class<?>> permitted = Set.of(family.getPermittedSubclasses());
        Map<String, Class<?>> registered = Arrays.stream(family.getAnnotation(JsonSubTypes.class).value())
                .collect(Collectors.toMap(JsonSubTypes.Type::name, JsonSubTypes.Type::value));
        assertEquals(permitted, Set.copyOf(registered.values()), "@JsonSubTypes of " + family.getSimpleName());
        assertEquals(permitted, samples.values().stream().map(Object::getClass).collect(Collectors.toSet()),
                "this test needs a sample of every " + family.getSimpleName());
        for (Map.Entry<String, ? extends T> sample : samples.entrySet()) {
            byte[] json = encode.apply(sample.getValue());
            assertEquals(sample.getKey(), tree(json).get("type").asText(), "type name on the wire");
            assertEquals(registered.get(sample.getKey()), sample.getValue().getClass());
            T decoded = decode.apply(json);
            assertInstanceOf(registered.get(sample.getKey()), decoded);
            assertEquals(sample.getValue(), decoded);
        }
    }

    /** The error codes of docs/PROTOCOL.md sections 5.1 and 6, one row per rule. */
    static Stream<Arguments> badRequests() {
        String piece = "{\"type\":\"piece\",\"info_hash\":\"" + ZEROS + "\",\"index\":";
        String announce = "{\"type\":\"announce\",\"info_hash\":\"" + ZEROS + "\",";
        String counters = "\"port\":1,\"uploaded\":0,\"downloaded\":0,\"left\":0";
        return Stream.of(
                Arguments.of("truncated object", "{\"type\":", ErrorCode.MALFORMED_JSON),
                Arguments.of("unquoted key", "{type:\"piece\"}", ErrorCode.MALFORMED_JSON),
                Arguments.of("bare null", "null", ErrorCode.MALFORMED_JSON),
                Arguments.of("empty", "", ErrorCode.MALFORMED_JSON),
                Arguments.of("only white space", " \t\r\n", ErrorCode.MALFORMED_JSON),
                Arguments.of("duplicate member", piece + "1,\"index\":2}", ErrorCode.MALFORMED_JSON),
                Arguments.of("duplicate type", piece + "1,\"type\":\"announce\"}", ErrorCode.MALFORMED_JSON),
                Arguments.of("unknown type", "{\"type\":\"teleport\"}", ErrorCode.UNKNOWN_TYPE),
                Arguments.of("type names are case-sensitive", "{\"type\":\"PIECE\"}", ErrorCode.UNKNOWN_TYPE),
                Arguments.of("response type sent as request", "{\"type\":\"error\"}", ErrorCode.UNKNOWN_TYPE),
                Arguments.of("type is a number", "{\"type\":7}", ErrorCode.UNKNOWN_TYPE),
                Arguments.of("type is a fraction", "{\"type\":7.5}", ErrorCode.UNKNOWN_TYPE),
                Arguments.of("type is a boolean", "{\"type\":true}", ErrorCode.UNKNOWN_TYPE),
                Arguments.of("type is an object", "{\"type\":{\"name\":\"piece\"}}", ErrorCode.UNKNOWN_TYPE),
                Arguments.of("type is an array", "{\"type\":[\"piece\"]}", ErrorCode.UNKNOWN_TYPE),
                Arguments.of("type is a number, other members valid", piece.replace("\"piece\"", "7") + "0}",
                        ErrorCode.UNKNOWN_TYPE),
                Arguments.of("missing type", "{\"info_hash\":\"" + ZEROS + "\",\"index\":0}", ErrorCode.UNKNOWN_TYPE),
                Arguments.of("null type", "{\"type\":null}", ErrorCode.UNKNOWN_TYPE),
                Arguments.of("empty object", "{}", ErrorCode.UNKNOWN_TYPE),
                Arguments.of("top-level number", "42", ErrorCode.UNKNOWN_TYPE),
                Arguments.of("top-level string", "\"announce\"", ErrorCode.UNKNOWN_TYPE),
                Arguments.of("top-level boolean", "true", ErrorCode.UNKNOWN_TYPE),
                Arguments.of("empty top-level array", "[]", ErrorCode.INVALID_REQUEST),
                Arguments.of("a second object after the request", piece + "1}{}", ErrorCode.MALFORMED_JSON),
                Arguments.of("a second request after the request", piece + "1}\n" + piece + "2}",
                        ErrorCode.MALFORMED_JSON),
                Arguments.of("a number after the request", piece + "1} 1", ErrorCode.MALFORMED_JSON),
                Arguments.of("a word after the request", piece + "1} x", ErrorCode.MALFORMED_JSON),
                Arguments.of("a lone brace after the request", piece + "1}}", ErrorCode.MALFORMED_JSON),
                Arguments.of("white space after the request is allowed, a NUL is not", piece + "1} \u0000",
                        ErrorCode.MALFORMED_JSON),
                Arguments.of("index is a word", piece + "\"x\"}", ErrorCode.INVALID_REQUEST),
                Arguments.of("index is a numeric string", piece + "\"1\"}", ErrorCode.INVALID_REQUEST),
                Arguments.of("index is negative", piece + "-1}", ErrorCode.INVALID_REQUEST),
                Arguments.of("index is a float", piece + "1.5}", ErrorCode.INVALID_REQUEST),
                Arguments.of("index is a whole float", piece + "1.0}", ErrorCode.INVALID_REQUEST),
                Arguments.of("index is 0.0", piece + "0.0}", ErrorCode.INVALID_REQUEST),
                Arguments.of("index has an exponent", piece + "1e0}", ErrorCode.INVALID_REQUEST),
                Arguments.of("index is a boolean", piece + "true}", ErrorCode.INVALID_REQUEST),
                Arguments.of("index is null", piece + "null}", ErrorCode.INVALID_REQUEST),
                Arguments.of("index beyond 32 bits", piece + "99999999999}", ErrorCode.INVALID_REQUEST),
                Arguments.of("index is missing", "{\"type\":\"piece\",\"info_hash\":\"" + ZEROS + "\"}",
                        ErrorCode.INVALID_REQUEST),
                Arguments.of("info_hash too short", "{\"type\":\"piece\",\"info_hash\":\"00\",\"index\":0}",
                        ErrorCode.INVALID_REQUEST),
                Arguments.of("info_hash too long", "{\"type\":\"piece\",\"info_hash\":\"" + ZEROS + "0\",\"index\":0}",
                        ErrorCode.INVALID_REQUEST),
                Arguments.of("info_hash upper case", "{\"type\":\"piece\",\"info_hash\":\"" + HASH.toUpperCase()
                        + "\",\"index\":0}", ErrorCode.INVALID_REQUEST),
                Arguments.of("info_hash not hex", "{\"type\":\"piece\",\"info_hash\":\"" + "g".repeat(40)
                        + "\",\"index\":0}", ErrorCode.INVALID_REQUEST),
                Arguments.of("info_hash is a number", "{\"type\":\"piece\",\"info_hash\":1234,\"index\":0}",
                        ErrorCode.INVALID_REQUEST),
                Arguments.of("metainfo without info_hash", "{\"type\":\"metainfo\"}", ErrorCode.INVALID_REQUEST),
                Arguments.of("peer_id missing", announce + counters + "}", ErrorCode.INVALID_REQUEST),
                Arguments.of("peer_id with a space", announce + "\"peer_id\":\"a b\"," + counters + "}",
                        ErrorCode.INVALID_REQUEST),
                Arguments.of("peer_id with DEL", announce + "\"peer_id\":\"a\u007fb\"," + counters + "}",
                        ErrorCode.INVALID_REQUEST),
                Arguments.of("peer_id of 65 characters", announce + "\"peer_id\":\"" + "p".repeat(65) + "\","
                        + counters + "}", ErrorCode.INVALID_REQUEST),
                Arguments.of("peer_id is a number", announce + "\"peer_id\":7," + counters + "}",
                        ErrorCode.INVALID_REQUEST),
                Arguments.of("port too large", announce
                        + "\"peer_id\":\"p\",\"port\":65536,\"uploaded\":0,\"downloaded\":0,\"left\":0}",
                        ErrorCode.INVALID_REQUEST),
                Arguments.of("port negative", announce
                        + "\"peer_id\":\"p\",\"port\":-1,\"uploaded\":0,\"downloaded\":0,\"left\":0}",
                        ErrorCode.INVALID_REQUEST),
                Arguments.of("left negative", announce
                        + "\"peer_id\":\"p\",\"port\":1,\"uploaded\":0,\"downloaded\":0,\"left\":-1}",
                        ErrorCode.INVALID_REQUEST),
                Arguments.of("left beyond 64 bits", announce + "\"peer_id\":\"p\",\"port\":1,\"uploaded\":0,"
                        + "\"downloaded\":0,\"left\":99999999999999999999}", ErrorCode.INVALID_REQUEST),
                Arguments.of("uploaded is a numeric string", announce
                        + "\"peer_id\":\"p\",\"port\":1,\"uploaded\":\"0\",\"downloaded\":0,\"left\":0}",
                        ErrorCode.INVALID_REQUEST),
                Arguments.of("unknown event", announce + "\"peer_id\":\"p\"," + counters + ",\"event\":\"paused\"}",
                        ErrorCode.INVALID_REQUEST),
                Arguments.of("upper-case event", announce + "\"peer_id\":\"p\"," + counters
                        + ",\"event\":\"STARTED\"}", ErrorCode.INVALID_REQUEST),
                Arguments.of("empty event", announce + "\"peer_id\":\"p\"," + counters + ",\"event\":\"\"}",
                        ErrorCode.INVALID_REQUEST),
                Arguments.of("numwant above 200", announce + "\"peer_id\":\"p\"," + counters + ",\"numwant\":201}",
                        ErrorCode.INVALID_REQUEST),
                Arguments.of("numwant negative", announce + "\"peer_id\":\"p\"," + counters + ",\"numwant\":-1}",
                        ErrorCode.INVALID_REQUEST),
                Arguments.of("numwant is a numeric string", announce + "\"peer_id\":\"p\"," + counters
                        + ",\"numwant\":\"50\"}", ErrorCode.INVALID_REQUEST),
                Arguments.of("numwant is a fraction", announce + "\"peer_id\":\"p\"," + counters
                        + ",\"numwant\":1.5}", ErrorCode.INVALID_REQUEST),
                Arguments.of("numwant beyond 32 bits", announce + "\"peer_id\":\"p\"," + counters
                        + ",\"numwant\":4294967346}", ErrorCode.INVALID_REQUEST));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("badRequests")
    void mapsEachBadRequestToItsErrorCode(String name, String json, ErrorCode expected) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> codec.decodeRequest(utf8(json)));

        assertEquals(expected, e.code(), e.getMessage());
        assertFalse(e.getMessage() == null || e.getMessage().isBlank());
    }

    @Test
    void invalidUtf8IsMalformedJson() {
        byte[] json = {'{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

        assertEquals(ErrorCode.MALFORMED_JSON,
                assertThrows(ProtocolException.class, () -> codec.decodeRequest(json)).code());
    }

    @Test
    void upperCaseInfoHashIsRejectedByTheRecordsToo() {
        assertThrows(IllegalArgumentException.class, () -> new PieceRequest(HASH.toUpperCase(), 0));
        assertThrows(IllegalArgumentException.class, () -> new PieceResponse(HASH.toUpperCase(), 0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new AnnounceRequest(HASH.toUpperCase(), "p", 1, 0, 0, 0, Event.STARTED));
    }

    /**
     * docs/PROTOCOL.md section 6: a top-level array is an invalid request. Jackson's WRAPPER_ARRAY reading of type ids
     * must not turn {@code ["piece", {...}]} into a request.
     */
    @ParameterizedTest
    @ValueSource(strings = {
            "[\"piece\",{\"info_hash\":\"" + ZEROS + "\",\"index\":0}]",
            "[\"announce\",{\"info_hash\":\"" + ZEROS + "\",\"peer_id\":\"p\",\"port\":1,\"uploaded\":0,"
                    + "\"downloaded\":0,\"left\":0}]",
            "[1,2]",
            "[\"piece\"]"})
    void topLevelArraysAreInvalidRequests(String json) {
        assertEquals(ErrorCode.INVALID_REQUEST,
                assertThrows(ProtocolException.class, () -> codec.decodeRequest(utf8(json))).code());
    }

    @Test
    void whiteSpaceAroundTheObjectIsAllowed() {
        Request decoded = codec.decodeRequest(utf8(" \r\n\t{\"type\":\"piece\",\"info_hash\":\"" + HASH
                + "\",\"index\":2}\n\n "));

        assertEquals(new PieceRequest(HASH, 2), decoded);
    }

    @Test
    void unknownFieldsAreIgnored() {
        Request decoded = codec.decodeRequest(utf8("{\"type\":\"piece\",\"info_hash\":\"" + HASH
                + "\",\"index\":2,\"priority\":\"high\",\"extra\":{\"nested\":[1,{},null]}}"));

        assertEquals(new PieceRequest(HASH, 2), decoded);
    }

    @Test
    void typeMayComeAfterTheOtherFields() {
        Request decoded = codec.decodeRequest(utf8("{\"info_hash\":\"" + HASH + "\",\"index\":2,\"type\":\"piece\"}"));

        assertEquals(new PieceRequest(HASH, 2), decoded);
    }

    @Test
    void wireFieldNamesAreSnakeCase() {
        JsonNode announce = tree(codec.encodeRequest(REQUESTS.get("announce")));
        JsonNode error = tree(codec.encodeResponseHeader(ErrorResponse.of(ErrorCode.PIECE_OUT_OF_RANGE, null)));

        assertEquals(Set.of("type", "info_hash", "peer_id", "port", "uploaded", "downloaded", "left", "event",
                        "numwant"),
                fieldNames(announce));
        assertEquals("started", announce.get("event").asText());
        assertEquals(Set.of("type", "error", "code"), fieldNames(error));
        assertEquals("piece_out_of_range", error.get("code").asText());
        assertEquals(ErrorCode.PIECE_OUT_OF_RANGE.description(), error.get("error").asText());
    }

    @Test
    void unknownResponseTypeIsUnknownType() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> codec.decodeResponseHeader(utf8("{\"type\":\"teleport\"}")));

        assertEquals(ErrorCode.UNKNOWN_TYPE, e.code());
    }

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void errorCodesUseLowerCaseWireNames(ErrorCode code) {
        assertTrue(code.wireName().matches("[a-z_]+"), code.wireName());
        assertEquals(code, ErrorCode.fromWireName(code.wireName()));
        assertEquals(code, ErrorResponse.of(code, "").errorCode());
    }

    @Test
    void wireNamesAreTheDocumentedOnes() {
        assertEquals(List.of("malformed_json", "unknown_type", "invalid_request", "request_too_large",
                        "request_timeout", "unknown_info_hash", "piece_out_of_range", "piece_not_available",
                        "certificate_required", "not_listed", "peer_id_in_use", "busy", "unavailable",
                        "too_many_subscriptions", "internal_error"),
                Arrays.stream(ErrorCode.values()).map(ErrorCode::wireName).toList());
        assertEquals(ErrorCode.INTERNAL_ERROR, ErrorCode.fromWireName("from_a_newer_tracker"));
        assertEquals(ErrorCode.INTERNAL_ERROR, ErrorCode.fromWireName("MALFORMED_JSON"));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode tree(byte[] json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + new String(json, StandardCharsets.UTF_8), e);
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static int count(byte[] bytes, byte value) {
        int n = 0;
        for (byte b : bytes) {
            if (b == value) {
                n++;
            }
        }
        return n;
    }
}
