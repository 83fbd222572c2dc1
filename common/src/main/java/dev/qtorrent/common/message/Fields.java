package dev.qtorrent.common.message;

import java.util.regex.Pattern;

/** Checks shared by the message records' constructors. */
final class Fields {
    private static final Pattern INFO_HASH = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private Fields() {
    }

    static String infoHash(String value) {
        if (value == null || !INFO_HASH.matcher(value).matches()) {
            throw new IllegalArgumentException("info_hash must be 40 lower-case hex characters");
        }
        return value;
    }

    static boolean isInfoHash(String value) {
        return value != null && INFO_HASH.matcher(value).matches();
    }

    static String sha256(String field, String value) {
        if (value == null || !SHA256.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be 64 lower-case hex characters");
        }
        return value;
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
