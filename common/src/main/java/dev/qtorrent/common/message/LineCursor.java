package dev.qtorrent.common.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a JSON line front to back in the one form our nodes write it, for the hand-written readers of the busiest
 * messages. Any mismatch leaves the cursor failed, and every later step then fails too: the line then goes to
 * {@link MessageCodec}'s general path, which applies every rule and gives every error its message.
 */
final class LineCursor {
    static final int HASH_CHARS = 40;
    /** Digits of the largest int. */
    static final int INT_DIGITS = 10;
    /** Digits a long always holds: longer numbers take the general path. */
    static final int LONG_DIGITS = 18;

    private final byte[] json;
    private int at;
    private boolean failed;

    LineCursor(byte[] json) {
        this.json = json;
    }

    /** Whether {@code expected} comes next, taking it if so; a mismatch fails the cursor. */
    boolean literal(byte[] expected) {
        if (optional(expected)) {
            return true;
        }
        failed = true;
        return false;
    }

    /** Whether {@code expected} comes next, taking it if so; a mismatch here is not a failure. */
    boolean optional(byte[] expected) {
        if (!failed && json.length - at >= expected.length
                && Arrays.equals(json, at, at + expected.length, expected, 0, expected.length)) {
            at += expected.length;
            return true;
        }
        return false;
    }

    /** 40 lower-case hex digits; null when there are none. */
    String hash() {
        if (failed || json.length - at < HASH_CHARS) {
            failed = true;
            return null;
        }
        for (int i = at; i < at + HASH_CHARS; i++) {
            byte b = json[i];
            if (!(b >= '0' && b <= '9' || b >= 'a' && b <= 'f')) {
                failed = true;
                return null;
            }
        }
        String hash = new String(json, at, HASH_CHARS, StandardCharsets.US_ASCII);
        at += HASH_CHARS;
        return hash;
    }

    /**
     * A string's text up to its closing quote (taken too), when it is printable ASCII that JSON carries as it is (no
     * quote, backslash or control character); null otherwise.
     */
    String text() {
        int start = at;
        while (!failed && at < json.length && json[at] != '"') {
            byte b = json[at];
            if (b < 0x20 || b > 0x7e || b == '\\') {
                failed = true;
            }
            at++;
        }
        if (failed || at == json.length) {
            failed = true;
            return null;
        }
        return new String(json, start, at++ - start, StandardCharsets.US_ASCII);
    }

    /** An unsigned decimal of 1 to {@code maxDigits} digits without a leading zero; -1 when there is none. */
    long number(int maxDigits) {
        int start = at;
        long value = 0;
        while (!failed && at < json.length && json[at] >= '0' && json[at] <= '9' && at - start < maxDigits) {
            value = value * 10 + (json[at++] - '0');
        }
        int count = at - start;
        if (failed || count == 0 || count > 1 && json[start] == '0'
                || at < json.length && json[at] >= '0' && json[at] <= '9') {
            failed = true;
            return -1;
        }
        return value;
    }

    /** The closing brace, and nothing after it. */
    boolean close() {
        return !failed && at == json.length - 1 && json[at] == '}';
    }
}
