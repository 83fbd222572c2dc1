package dev.qtorrent.common.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The piece request and the piece answer's header in the one form nodes write them,
 * {@code {"type":"piece","info_hash":"<40 hex>","index":N}} and the same with {@code ,"length":N} before the brace,
 * written and recognised without Jackson. Every piece costs one of each: through Jackson's polymorphic reader a header
 * took about 200 µs of a downloader's event loop (a fifth of a second per GiB of 1 MiB pieces), and its first uses
 * made the quick compiler compile several hundred of Jackson's methods. A line in any other form (other key order,
 * spaces, an upper-case hash, a leading zero, a sign) is not recognised here and goes to {@link MessageCodec}'s general
 * path, which applies every rule and gives every error its message, so what is accepted and refused is unchanged.
 */
final class PieceLine {
    private static final byte[] PREFIX = ascii("{\"type\":\"piece\",\"info_hash\":\"");
    private static final byte[] INDEX = ascii("\",\"index\":");
    private static final byte[] LENGTH = ascii(",\"length\":");
    private static final int HASH_CHARS = LineCursor.HASH_CHARS;
    private static final int INT_DIGITS = LineCursor.INT_DIGITS;
    /** Longer lengths (beyond any piece) take the general path. */
    private static final int LONG_DIGITS = LineCursor.LONG_DIGITS;

    private PieceLine() {
    }

    /** The JSON of {@code request}, as Jackson writes it. */
    static byte[] encode(PieceRequest request) {
        return line(request.infoHash(), request.index(), -1, false);
    }

    /** The JSON of {@code answer}, as Jackson writes it, without the newline. */
    static byte[] encode(PieceResponse answer) {
        return encode(answer, false);
    }

    /** As {@link #encode(PieceResponse)}, ended by the header's newline when {@code headerLine}. */
    static byte[] encode(PieceResponse answer, boolean headerLine) {
        return line(answer.infoHash(), answer.index(), answer.length(), headerLine);
    }

    /** The request {@code json} holds when it is in exactly the form {@link #encode(PieceRequest)} writes; else null. */
    static PieceRequest parseRequest(byte[] json) {
        LineCursor in = new LineCursor(json);
        String hash = head(in);
        long index = in.number(INT_DIGITS);
        return hash != null && index >= 0 && index <= Integer.MAX_VALUE && in.close()
                ? new PieceRequest(hash, (int) index) : null;
    }

    /** The header {@code json} holds when it is in exactly the form {@link #encode(PieceResponse)} writes; else null. */
    static PieceResponse parseResponse(byte[] json) {
        LineCursor in = new LineCursor(json);
        String hash = head(in);
        long index = in.number(INT_DIGITS);
        if (hash == null || index < 0 || index > Integer.MAX_VALUE || !in.literal(LENGTH)) {
            return null;
        }
        long length = in.number(LONG_DIGITS);
        return length >= 0 && in.close() ? new PieceResponse(hash, (int) index, length) : null;
    }

    /** The prefix, the hash and the index's key; the hash, or null. */
    private static String head(LineCursor in) {
        if (!in.literal(PREFIX)) {
            return null;
        }
        String hash = in.hash();
        return hash != null && in.literal(INDEX) ? hash : null;
    }

    private static byte[] line(String hash, int index, long length, boolean headerLine) {
        byte[] json = new byte[PREFIX.length + HASH_CHARS + INDEX.length + INT_DIGITS + LENGTH.length + 20 + 2];
        int at = put(json, 0, PREFIX);
        for (int i = 0; i < HASH_CHARS; i++) {
            json[at++] = (byte) hash.charAt(i);
        }
        at = digits(json, put(json, at, INDEX), index);
        if (length >= 0) {
            at = digits(json, put(json, at, LENGTH), length);
        }
        json[at++] = '}';
        if (headerLine) {
            json[at++] = MessageCodec.HEADER_END;
        }
        return Arrays.copyOf(json, at);
    }

    private static int put(byte[] to, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, to, at, bytes.length);
        return at + bytes.length;
    }

    /** Writes non-negative {@code value} in decimal at {@code at}; returns the index after it. */
    private static int digits(byte[] to, int at, long value) {
        int count = 1;
        for (long rest = value / 10; rest > 0; rest /= 10) {
            count++;
        }
        for (int i = at + count - 1; i >= at; i--) {
            to[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return at + count;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
