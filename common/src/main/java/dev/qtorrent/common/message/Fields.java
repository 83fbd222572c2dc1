package dev.qtorrent.common.message;

/** Checks shared by the message records' constructors. */
final class Fields {
    private Fields() {
    }

    static String infoHash(String value) {
        if (!isInfoHash(value)) {
            throw new IllegalArgumentException("info_hash must be 40 lower-case hex characters");
        }
        return value;
    }

    static boolean isInfoHash(String value) {
        return isLowerHex(value, 40);
    }

    static String sha256(String field, String value) {
        if (!isLowerHex(value, 64)) {
            throw new IllegalArgumentException(field + " must be 64 lower-case hex characters");
        }
        return value;
    }

    /**
     * Whether {@code value} is {@code length} lower-case hex digits. Written out rather than a regular expression:
     * an announce answer checks a fingerprint for every peer it lists, and a matcher made that most of its cost.
     */
    private static boolean isLowerHex(String value, int length) {
        if (value == null || value.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    static long nonNegative(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative");
        }
        return value;
    }

    static int port(String field, int value) {
        if (value < 0 || value > 65_535) {
            throw new IllegalArgumentException(field + " must be between 0 and 65535");
        }
        return value;
    }
}
