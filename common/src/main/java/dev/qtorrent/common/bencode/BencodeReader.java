package dev.qtorrent.common.bencode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A one-shot cursor that decodes strict bencode from a byte array. Grammar (BEP 3):
 * {@code value := 'i' ['-'] digits 'e' | length ':' bytes | 'l' value* 'e' | 'd' (string value)* 'e'}.
 */
final class BencodeReader {

    private static final long MULTIPLY_LIMIT = Long.MIN_VALUE / 10;

    private final byte[] data;
    private final int maxDepth;
    private final Map<String, Span> topLevelSpans = new HashMap<>();
    private int pos;

    BencodeReader(byte[] data, int maxDepth) {
        this.data = data;
        this.maxDepth = maxDepth;
    }

    /** Reads the single value that must make up the whole input. */
    BValue readTopLevel() {
        BValue value = readValue(0, true);
        if (pos != data.length) {
            throw error("trailing data after the value", pos);
        }
        return value;
    }

    /** Spans of the values of the top-level dictionary, or an empty map if the input was not a dictionary. */
    Map<String, Span> topLevelSpans() {
        return topLevelSpans;
    }

    private BValue readValue(int depth, boolean topLevel) {
        int b = peek();
        if (b == 'i') {
            return readInteger();
        } else if (b >= '0' && b <= '9') {
            return new BBytes(readString());
        } else if (b == 'l') {
            return readList(enter(depth));
        } else if (b == 'd') {
            return readDict(enter(depth), topLevel);
        }
        throw error("unexpected byte " + describe(b) + ", expected i, l, d or a digit", pos);
    }

    private int enter(int depth) {
        if (depth + 1 > maxDepth) {
            throw error("nesting deeper than " + maxDepth + " levels", pos);
        }
        return depth + 1;
    }

    private BInteger readInteger() {
        pos++;
        int start = pos;
        boolean negative = peek() == '-';
        if (negative) {
            pos++;
        }
        int first = peek();
        if (first == 'e' && !negative) {
            throw error("empty integer", start);
        }
        if (first < '0' || first > '9') {
            throw error("unexpected byte " + describe(first) + " in integer, expected a digit", pos);
        }
        if (first == '0' && pos + 1 < data.length && isDigit(data[pos + 1])) {
            throw error("leading zero in integer", start);
        }
        if (first == '0' && negative) {
            throw error("negative zero", start);
        }
        // Accumulate negatively: the negative range is one larger, so Long.MIN_VALUE parses without overflow.
        long value = 0;
        while (true) {
            int b = peek();
            if (b == 'e') {
                pos++;
                break;
            }
            if (!isDigit(b)) {
                throw error("unexpected byte " + describe(b) + " in integer, expected a digit or 'e'", pos);
            }
            int digit = b - '0';
            if (value < MULTIPLY_LIMIT || value * 10 < Long.MIN_VALUE + digit) {
                throw error("integer does not fit in 64 bits", start);
            }
            value = value * 10 - digit;
            pos++;
        }
        if (!negative) {
            if (value == Long.MIN_VALUE) {
                throw error("integer does not fit in 64 bits", start);
            }
            value = -value;
        }
        return new BInteger(value);
    }

    /** Reads {@code length:bytes}, checking the length against the input before allocating anything. */
    private byte[] readString() {
        int start = pos;
        if (data[pos] == '0' && pos + 1 < data.length && isDigit(data[pos + 1])) {
            throw error("leading zero in string length", start);
        }
        long length = 0;
        while (true) {
            int b = peek();
            if (b == ':') {
                pos++;
                break;
            }
            if (!isDigit(b)) {
                throw error("unexpected byte " + describe(b) + " in string length, expected a digit or ':'", pos);
            }
            length = length * 10 + (b - '0');
            if (length > data.length) {
                throw error("string length exceeds the input size", start);
            }
            pos++;
        }
        int remaining = data.length - pos;
        if (length > remaining) {
            throw error("string length " + length + " exceeds the " + remaining + " bytes left", start);
        }
        byte[] bytes = Arrays.copyOfRange(data, pos, pos + (int) length);
        pos += (int) length;
        return bytes;
    }

    private BList readList(int depth) {
        pos++;
        List<BValue> values = new ArrayList<>();
        while (peek() != 'e') {
            values.add(readValue(depth, false));
        }
        pos++;
        return new BList(values);
    }

    private BDict readDict(int depth, boolean recordSpans) {
        pos++;
        TreeMap<String, BValue> entries = new TreeMap<>(BDict.KEY_ORDER);
        byte[] previous = null;
        while (peek() != 'e') {
            int keyStart = pos;
            if (!isDigit(data[pos])) {
                throw error("dictionary key must be a byte string, found " + describe(data[pos]), pos);
            }
            byte[] keyBytes = readString();
            if (previous != null) {
                int order = Arrays.compareUnsigned(previous, keyBytes);
                if (order == 0) {
                    throw error("duplicate dictionary key " + describeKey(keyBytes), keyStart);
                }
                if (order > 0) {
                    throw error("dictionary key " + describeKey(keyBytes) + " is out of order after "
                            + describeKey(previous), keyStart);
                }
            }
            previous = keyBytes;
            String key = BDict.key(keyBytes);
            int valueStart = pos;
            BValue value = readValue(depth, false);
            entries.put(key, value);
            if (recordSpans) {
                topLevelSpans.put(key, new Span(valueStart, pos));
            }
        }
        pos++;
        return new BDict(entries);
    }

    /** The byte at the cursor; running out of input is always an error because every value has a terminator. */
    private int peek() {
        if (pos >= data.length) {
            throw error("unexpected end of input", data.length);
        }
        return data[pos] & 0xff;
    }

    private static boolean isDigit(int b) {
        return b >= '0' && b <= '9';
    }

    private static String describe(int b) {
        int unsigned = b & 0xff;
        if (unsigned >= 0x21 && unsigned <= 0x7e) {
            return "'" + (char) unsigned + "'";
        }
        return String.format("0x%02x", unsigned);
    }

    private static String describeKey(byte[] key) {
        String text = new String(key, StandardCharsets.UTF_8);
        return text.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? '"' + text + '"' : "of " + key.length + " bytes";
    }

    private static BencodeException error(String reason, int offset) {
        return new BencodeException(reason, offset);
    }
}
