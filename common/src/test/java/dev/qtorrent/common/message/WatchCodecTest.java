package dev.qtorrent.common.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.message.AnnounceResponse.Peer;
import dev.qtorrent.common.message.SwarmChangeResponse.Change;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The wire form of {@code watch} and its lines (docs/PROTOCOL.md §5.13): exact JSON both ways, and strict fields. */
class WatchCodecTest {
    private static final String HASH = "0123456789abcdef0123456789abcdef01234567";
    private static final String CERT = "5ab58d28" + "0".repeat(52) + "61a5";

    private final MessageCodec codec = new MessageCodec();

    @Test
    void requestAndLinesHaveTheDocumentedJson() {
        String request = "{\"type\":\"watch\",\"info_hash\":\"" + HASH + "\"}";
        assertEquals(request, utf8(codec.encodeRequest(new WatchRequest(HASH))));
        assertEquals(new WatchRequest(HASH), codec.decodeRequest(bytes(request)));

        String first = "{\"type\":\"watch\",\"info_hash\":\"" + HASH + "\"}";
        assertEquals(first + "\n", utf8(codec.encodeResponseHeader(new WatchResponse(HASH))));
        assertEquals(new WatchResponse(HASH), codec.decodeResponseHeader(bytes(first)));

        SwarmChangeResponse joined = new SwarmChangeResponse(HASH, Change.JOINED,
                new Peer("-QT0100-abcdefghijkl", "10.0.0.2", 6881, CERT), false);
        String line = "{\"type\":\"swarm_change\",\"info_hash\":\"" + HASH + "\",\"change\":\"joined\",\"peer\":"
                + "{\"peer_id\":\"-QT0100-abcdefghijkl\",\"ip\":\"10.0.0.2\",\"port\":6881,\"cert_sha256\":\"" + CERT
                + "\"},\"seed\":false}";
        assertEquals(line + "\n", utf8(codec.encodeResponseHeader(joined)));
        assertEquals(joined, codec.decodeResponseHeader(bytes(line)));
        assertEquals(new SwarmChangeResponse(HASH, Change.LEFT, joined.peer(), true),
                codec.decodeResponseHeader(bytes(line.replace("joined", "left").replace("false", "true"))));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown change  | \"change\":\"joined\" | \"change\":\"moved\" | change",
        "no peer         | ,\"peer\":{\"peer_id\":\"p\",\"ip\":\"10.0.0.2\",\"port\":6881,\"cert_sha256\":\"CERT\"} | '' | peer",
        "port too large  | \"port\":6881 | \"port\":65536 | port",
        "seed as text    | \"seed\":false | \"seed\":\"no\" | seed",
        "short hash      | HASH | 00 | info_hash",
    })
    void badLinesAreRefused(String name, String from, String to, String why) {
        String line = "{\"type\":\"swarm_change\",\"info_hash\":\"HASH\",\"change\":\"joined\",\"peer\":{\"peer_id\":"
                + "\"p\",\"ip\":\"10.0.0.2\",\"port\":6881,\"cert_sha256\":\"CERT\"},\"seed\":false}";
        String bad = line.replace(from, to).replace("HASH", HASH).replace("CERT", CERT);
        ProtocolException e = assertThrows(ProtocolException.class, () -> codec.decodeResponseHeader(bytes(bad)));
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    @Test
    void aWatchWithoutInfoHashIsInvalid() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> codec.decodeRequest(bytes("{\"type\":\"watch\"}")));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertTrue(e.getMessage().contains("info_hash"), e.getMessage());
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
