package dev.qtorrent.common.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A certificate's SHA-256 fingerprint: the hash of its DER encoding, written as 64 lower-case hex characters. It is
 * what torrents carry to pin the tracker's certificate. A class rather than a record so that it can also keep the hash
 * as four numbers: a tracker stores the fingerprint of every announce's connection in that form, and reading the hex
 * again for each announce was a noticeable part of an announce's cost.
 */
public final class Fingerprint {
    private final String hex;
    private final long word0;
    private final long word1;
    private final long word2;
    private final long word3;

    public Fingerprint(String hex) {
        if (!isLowerHex64(hex)) {
            throw new IllegalArgumentException("a SHA-256 fingerprint is 64 hex characters, got: " + hex);
        }
        this.hex = hex;
        HexFormat format = HexFormat.of();
        this.word0 = format.fromHexDigitsToLong(hex, 0, 16);
        this.word1 = format.fromHexDigitsToLong(hex, 16, 32);
        this.word2 = format.fromHexDigitsToLong(hex, 32, 48);
        this.word3 = format.fromHexDigitsToLong(hex, 48, 64);
    }

    /** The 64 lower-case hex characters. */
    public String hex() {
        return hex;
    }

    /** Bytes {@code 8 × index} to {@code 8 × index + 7} of the hash (index 0 to 3), the first byte highest. */
    public long word(int index) {
        return switch (index) {
            case 0 -> word0;
            case 1 -> word1;
            case 2 -> word2;
            case 3 -> word3;
            default -> throw new IndexOutOfBoundsException("a SHA-256 hash has four words, not word " + index);
        };
    }

    private static boolean isLowerHex64(String text) {
        if (text == null || text.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = text.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    /** Parses a fingerprint given by a user: hex, upper or lower case, with or without colons. */
    public static Fingerprint parse(String text) {
        String hex = text.strip().replace(":", "").toLowerCase(Locale.ROOT);
        if (hex.startsWith("sha256=")) {
            hex = hex.substring("sha256=".length());
        }
        return new Fingerprint(hex);
    }

    public static Fingerprint of(X509Certificate certificate) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return new Fingerprint(HexFormat.of().formatHex(sha256.digest(certificate.getEncoded())));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint certificate", e);
        }
    }

    public byte[] bytes() {
        return HexFormat.of().parseHex(hex);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Fingerprint fingerprint && hex.equals(fingerprint.hex);
    }

    @Override
    public int hashCode() {
        return hex.hashCode();
    }

    @Override
    public String toString() {
        return hex;
    }
}
