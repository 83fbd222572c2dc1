package dev.qtorrent.common.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The wire form of {@code scrape} (docs/PROTOCOL.md §5.12): exact JSON both ways, and strict fields. */
class ScrapeCodecTest {
    private static final String A = "0123456789abcdef0123456789abcdef01234567";
    private static final String B = "c40279e214b3d83f765044c68e3203925b3f6e04";

    private final MessageCodec codec = new MessageCodec();

    @Test
    void requestAndAnswerHaveTheDocumentedJson() {
        String request = "{\"type\":\"scrape\",\"info_hashes\":[\"" + A + "\",\"" + B + "\"]}";
        assertEquals(request, utf8(codec.encodeRequest(new ScrapeRequest(List.of(A, B)))));
        assertEquals(new ScrapeRequest(List.of(A, B)), codec.decodeRequest(bytes(request)));

        Map<String, ScrapeResponse.Swarm> files = new LinkedHashMap<>();
        files.put(B, new ScrapeResponse.Swarm(2, 1, 7));
        files.put(A, new ScrapeResponse.Swarm(0, 0, 0));
        String answer = "{\"type\":\"scrape\",\"files\":{\"" + B + "\":{\"complete\":2,\"incomplete\":1,"
                + "\"downloaded\":7},\"" + A + "\":{\"complete\":0,\"incomplete\":0,\"downloaded\":0}}}";
        assertEquals(answer + "\n", utf8(codec.encodeResponseHeader(new ScrapeResponse(files))));
        ScrapeResponse decoded = (ScrapeResponse) codec.decodeResponseHeader(bytes(answer));
        assertEquals(new ScrapeResponse(files), decoded);
        assertEquals(List.of(B, A), List.copyOf(decoded.files().keySet()), "the order asked in is kept");
        assertEquals(new ScrapeResponse(Map.of()),
                codec.decodeResponseHeader(bytes("{\"type\":\"scrape\",\"files\":{}}")), "no torrent known");
    }

    @Test
    void theLimitItselfIsAcceptedAndUnknownMembersAreIgnored() {
        List<String> hundred = hashes(ScrapeRequest.MAX_INFO_HASHES);
        assertEquals(new ScrapeRequest(hundred), codec.decodeRequest(codec.encodeRequest(new ScrapeRequest(hundred))));
        assertEquals(new ScrapeRequest(List.of(A, A)), codec.decodeRequest(bytes(
                "{\"type\":\"scrape\",\"info_hashes\":[\"" + A + "\",\"" + A + "\"],\"numwant\":5,\"x\":{}}")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no info_hashes          | {\"type\":\"scrape\"}                                   | INVALID_REQUEST | info_hashes",
        "empty list              | {\"type\":\"scrape\",\"info_hashes\":[]}                | INVALID_REQUEST | info_hashes must list 1 to 100",
        "one too many            | {\"type\":\"scrape\",\"info_hashes\":[MANY]}            | INVALID_REQUEST | at most 100 info hashes, got 101",
        "upper-case hash         | {\"type\":\"scrape\",\"info_hashes\":[\"A\",\"UPPER\"]} | INVALID_REQUEST | info_hashes[1]: an info_hash must be 40 lower-case hex",
        "short hash              | {\"type\":\"scrape\",\"info_hashes\":[\"abcd\"]}        | INVALID_REQUEST | info_hashes[0]",
        "null in the list        | {\"type\":\"scrape\",\"info_hashes\":[\"A\",null]}      | INVALID_REQUEST | info_hashes[1]",
        "hash as a number        | {\"type\":\"scrape\",\"info_hashes\":[7]}               | INVALID_REQUEST | info_hashes",
        "one hash, not a list    | {\"type\":\"scrape\",\"info_hashes\":\"A\"}             | INVALID_REQUEST | info_hashes",
        "list null               | {\"type\":\"scrape\",\"info_hashes\":null}              | INVALID_REQUEST | info_hashes",
        "duplicate member        | {\"type\":\"scrape\",\"info_hashes\":[],\"info_hashes\":[]} | MALFORMED_JSON | info_hashes",
        "cut off                 | {\"type\":\"scrape\",\"info_hashes\":[\"A\"             | MALFORMED_JSON  | ''",
    })
    void badRequestsSayWhatIsWrong(String name, String json, ErrorCode expected, String why) {
        String many = hashes(ScrapeRequest.MAX_INFO_HASHES + 1).stream().map(h -> "\"" + h + "\"")
                .collect(Collectors.joining(","));
        ProtocolException e = assertThrows(ProtocolException.class, () -> codec.decodeRequest(bytes(json
                .replace("MANY", many).replace("UPPER", A.toUpperCase()).replace("\"A\"", "\"" + A + "\""))));
        assertEquals(expected, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no files                | {\"type\":\"scrape\"}                                                         | files",
        "files as a list         | {\"type\":\"scrape\",\"files\":[]}                                              | files",
        "key not an info hash    | {\"type\":\"scrape\",\"files\":{\"x\":{\"complete\":0,\"incomplete\":0,\"downloaded\":0}}} | a key must be an info_hash",
        "negative count          | {\"type\":\"scrape\",\"files\":{\"A\":{\"complete\":-1,\"incomplete\":0,\"downloaded\":0}}} | complete must not be negative",
        "no downloaded           | {\"type\":\"scrape\",\"files\":{\"A\":{\"complete\":0,\"incomplete\":0}}}       | downloaded",
        "counts null             | {\"type\":\"scrape\",\"files\":{\"A\":null}}                                    | has no counts",
    })
    void badAnswersAreRefused(String name, String json, String why) {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> codec.decodeResponseHeader(bytes(json.replace("\"A\"", "\"" + A + "\""))));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    @Test
    void recordsRefuseWhatTheWireRefuses() {
        assertThrows(IllegalArgumentException.class, () -> new ScrapeRequest(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new ScrapeRequest(hashes(101)));
        assertThrows(IllegalArgumentException.class, () -> new ScrapeResponse(Collections.singletonMap(A, null)));
        Map<String, ScrapeResponse.Swarm> tooMany = new LinkedHashMap<>();
        hashes(101).forEach(hash -> tooMany.put(hash, new ScrapeResponse.Swarm(0, 0, 0)));
        assertThrows(IllegalArgumentException.class, () -> new ScrapeResponse(tooMany));
    }

    private static List<String> hashes(int count) {
        return IntStream.range(0, count).mapToObj(i -> String.format("%040x", i)).collect(Collectors.toList());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
