package dev.qtorrent.common.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(30)
class FingerprintTest {
    private static final String HEX = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @ParameterizedTest
    @ValueSource(strings = {
            HEX,
            "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08",
            "9F:86:D0:81:88:4C:7D:65:9A:2F:EA:A0:C5:5A:D0:15:A3:BF:4F:1B:2B:0B:82:2C:D1:5D:6C:15:B0:F0:0A:08",
            "sha256=" + HEX,
            "SHA256=9F:86:D0:81:88:4C:7D:65:9A:2F:EA:A0:C5:5A:D0:15:A3:BF:4F:1B:2B:0B:82:2C:D1:5D:6C:15:B0:F0:0A:08",
            "  " + HEX + "\n"})
    void parseAcceptsTheFormsUsersPaste(String text) {
        assertEquals(new Fingerprint(HEX), Fingerprint.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "sha256=",
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a0",
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a0800",
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a0g",
            "sha1=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b",
            "9f86d081 884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"})
    void parseRejectsAnythingButSixtyFourHexDigits(String text) {
        assertThrows(IllegalArgumentException.class, () -> Fingerprint.parse(text));
    }

    @Test
    void wordsAreTheHashsBytesEightAtATimeFirstByteHighest() {
        byte[] bytes = new Fingerprint(HEX).bytes();
        for (int index = 0; index < 4; index++) {
            long expected = ByteBuffer.wrap(bytes, 8 * index, 8).getLong();
            assertEquals(expected, new Fingerprint(HEX).word(index), "word " + index);
        }
        assertThrows(IndexOutOfBoundsException.class, () -> new Fingerprint(HEX).word(4));
    }

    @Test
    void constructorTakesOnlyCanonicalLowerCase() {
        assertThrows(IllegalArgumentException.class, () -> new Fingerprint(HEX.toUpperCase()));
        assertThrows(IllegalArgumentException.class, () -> new Fingerprint(null));
    }

    @Test
    void isTheSha256OfTheDerCertificate() throws Exception {
        NodeIdentity identity = NodeIdentity.generate("tracker.example");
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(identity.certificate().getEncoded());

        Fingerprint fingerprint = Fingerprint.of(identity.certificate());

        assertArrayEquals(expected, fingerprint.bytes());
        assertEquals(HexFormat.of().formatHex(expected), fingerprint.toString());
        assertEquals(fingerprint, identity.fingerprint());
    }
}
