package dev.qtorrent.common.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qtorrent.common.message.AnnounceResponse.Peer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** An entry written from raw parts is what Jackson writes for the same peer, for every octet and digit count. */
class PeerJsonTest {
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void everyOctetAndPortWidthIsWrittenAsJacksonWritesIt() throws Exception {
        long[] words = {0x0123456789abcdefL, 0xfedcba9876543210L, 0L, -1L};
        String certificate = HexFormat.of().toHexDigits(words[0]) + HexFormat.of().toHexDigits(words[1])
                + HexFormat.of().toHexDigits(words[2]) + HexFormat.of().toHexDigits(words[3]);
        List<Integer> ports = List.of(1, 9, 10, 99, 100, 999, 1000, 9999, 10_000, 65_535);
        for (int octet = 0; octet < 256; octet++) {
            for (String peerId : List.of("-QT0100-\"q\\b", "-QT0100-0123456789ab")) {
                int port = ports.get(octet % ports.size());
                byte[] id = peerId.getBytes(StandardCharsets.US_ASCII);
                byte[] key = Arrays.copyOf(id, id.length + 4);
                key[id.length] = (byte) octet;
                key[id.length + 1] = (byte) (255 - octet);
                key[id.length + 2] = (byte) (octet / 3);
                key[id.length + 3] = (byte) (octet * 7);
                String ip = octet + "." + (255 - octet) + "." + (octet / 3) + "." + (octet * 7 & 0xff);

                boolean plain = PeerJson.plainId(key, id.length);
                assertEquals(peerId.indexOf('"') < 0, plain, peerId);
                int length = PeerJson.ipv4Bytes(key, id.length, port);
                if (plain) {
                    assertEquals(length, PeerJson.plainIpv4Bytes(key, id.length, port), "counted without a look");
                }
                // Written between two marks, which must stay: words are stored whole, and none may reach past the
                // entry.
                byte[] written = new byte[length + 2];
                written[0] = '<';
                written[length + 1] = '>';
                int end = PeerJson.writeIpv4(written, 1, key, id.length, plain, port,
                        words[0], words[1], words[2], words[3]);

                String expected = mapper.writeValueAsString(new Peer(peerId, ip, port, certificate));
                assertEquals("<" + expected + ">", new String(written, StandardCharsets.US_ASCII));
                assertEquals(length + 1, end, "counted as written");
            }
        }
    }

    @Test
    void hexDigitsAreHexFormatsForEveryNibbleInEveryPlace() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            // First each nibble alone in each of the eight places, then random words.
            int value = i < 128 ? (i % 16) << (4 * (i / 16)) : random.nextInt();
            byte[] written = ByteBuffer.allocate(8).putLong(PeerJson.hexDigits(value)).array();
            assertEquals(HexFormat.of().toHexDigits(value), new String(written, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void everyPortIsWrittenInDecimal() {
        byte[] key = "-QT0100-0123456789ab\u007f\0\0\1".getBytes(StandardCharsets.ISO_8859_1);
        for (int port = 0; port <= 65_535; port++) {
            byte[] written = new byte[PeerJson.plainIpv4Bytes(key, 20, port)];
            int end = PeerJson.writeIpv4(written, 0, key, 20, true, port, 1, 2, 3, 4);
            String entry = new String(written, 0, end, StandardCharsets.US_ASCII);
            assertEquals(written.length, end, entry);
            assertTrue(entry.contains("\"ip\":\"127.0.0.1\",\"port\":" + port + ",\"cert_sha256\""), entry);
        }
    }

    @Test
    void digitsAreCountedAtEveryWidth() {
        for (long power = 1; power <= Integer.MAX_VALUE; power *= 10) {
            for (long value : new long[] {power - 1, power, power + 1}) {
                if (value >= 0 && value <= Integer.MAX_VALUE) {
                    assertEquals(Long.toString(value).length(), PeerJson.digits((int) value), Long.toString(value));
                }
            }
        }
        assertEquals(10, PeerJson.digits(Integer.MAX_VALUE));
    }
}
