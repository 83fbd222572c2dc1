package dev.qtorrent.common.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A certificate's SHA-256 fingerprint: the hash of its DER encoding, written as 64 lower-case hex characters. It is
 * what torrents carry to pin the tracker's certificate.
 */
public record Fingerprint(String hex) {
    public Fingerprint {
        if (!isLowerHex64(hex)) {
            throw new IllegalArgumentException("a SHA-256 fingerprint is 64 hex characters, got: " + hex);
        }
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

    // Written out rather than left to the record: the generated ones are bound on first use at some start-up cost,
    // and fingerprints are compared and hashed early on every connection.
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
