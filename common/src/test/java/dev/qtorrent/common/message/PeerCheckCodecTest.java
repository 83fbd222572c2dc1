package dev.qtorrent.common.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The wire form of {@code peer_check} (docs/PROTOCOL.md §5.11): exact JSON both ways, and strict fields. */
class PeerCheckCodecTest {
    private static final String HASH = "0123456789abcdef0123456789abcdef01234567";
    private static final String CERT = "5ab58d28" + "0".repeat(52) + "61a5";

    private final MessageCodec codec = new MessageCodec();

    @Test
    void requestAndAnswerHaveTheDocumentedJson() {
        String request = "{\"type\":\"peer_check\",\"info_hash\":\"" + HASH + "\",\"cert_sha256\":\"" + CERT + "\"}";
        assertEquals(request, new String(codec.encodeRequest(new PeerCheckRequest(HASH, CERT)),
                StandardCharsets.UTF_8));
        assertEquals(new PeerCheckRequest(HASH, CERT), codec.decodeRequest(utf8(request)));

        String answer = "{\"type\":\"peer_check\",\"info_hash\":\"" + HASH + "\",\"cert_sha256\":\"" + CERT
                + "\",\"listed\":true}";
        assertEquals(answer + "\n", new String(codec.encodeResponseHeader(new PeerCheckResponse(HASH, CERT, true)),
                StandardCharsets.UTF_8));
        assertEquals(new PeerCheckResponse(HASH, CERT, false),
                codec.decodeResponseHeader(utf8(answer.replace("true", "false"))));
    }

    @Test
    void anAnswerMatchesOnlyItsOwnQuestion() {
        PeerCheckResponse answer = new PeerCheckResponse(HASH, CERT, true);
        assertTrue(answer.answers(new PeerCheckRequest(HASH, CERT)));
        assertFalse(answer.answers(new PeerCheckRequest(HASH, "1".repeat(64))));
        assertFalse(answer.answers(new PeerCheckRequest("0".repeat(40), CERT)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no cert_sha256          | {\"type\":\"peer_check\",\"info_hash\":\"HASH\"}                         | INVALID_REQUEST | cert_sha256",
        "no info_hash            | {\"type\":\"peer_check\",\"cert_sha256\":\"CERT\"}                       | INVALID_REQUEST | info_hash",
        "upper-case fingerprint  | {\"type\":\"peer_check\",\"info_hash\":\"HASH\",\"cert_sha256\":\"UPPER\"}  | INVALID_REQUEST | cert_sha256 must be 64 lower-case hex",
        "short fingerprint       | {\"type\":\"peer_check\",\"info_hash\":\"HASH\",\"cert_sha256\":\"abcd\"}   | INVALID_REQUEST | cert_sha256 must be 64 lower-case hex",
        "colons                  | {\"type\":\"peer_check\",\"info_hash\":\"HASH\",\"cert_sha256\":\"COLONS\"} | INVALID_REQUEST | cert_sha256 must be 64 lower-case hex",
        "fingerprint as a number | {\"type\":\"peer_check\",\"info_hash\":\"HASH\",\"cert_sha256\":7}          | INVALID_REQUEST | cert_sha256",
        "bad info_hash           | {\"type\":\"peer_check\",\"info_hash\":\"00\",\"cert_sha256\":\"CERT\"}     | INVALID_REQUEST | info_hash must be 40",
        "cut off                 | {\"type\":\"peer_check\",\"info_hash\":\"HASH\",\"cert_sha256\":\"ab        | MALFORMED_JSON  | ''",
    })
    void badRequestsSayWhatIsWrong(String name, String json, ErrorCode expected, String why) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> codec.decodeRequest(utf8(json
                .replace("HASH", HASH).replace("UPPER", CERT.toUpperCase()).replace("COLONS", "ab:".repeat(31) + "ab")
                .replace("CERT", CERT))));
        assertEquals(expected, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no listed              | ''                     | listed",
        "listed as a string     | ',\"listed\":\"true\"' | listed",
        "listed as a number     | ',\"listed\":1'        | listed",
        "listed null            | ',\"listed\":null'     | listed",
    })
    void badAnswersAreRefused(String name, String member, String why) {
        String json = "{\"type\":\"peer_check\",\"info_hash\":\"" + HASH + "\",\"cert_sha256\":\"" + CERT + "\""
                + member + "}";
        ProtocolException e = assertThrows(ProtocolException.class, () -> codec.decodeResponseHeader(utf8(json)));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
