package dev.qtorrent.common.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The have line in the one form nodes write it, {@code {"type":"have","info_hash":"<40 hex>","index":N}}, written and
 * recognised without Jackson. A downloader reads one such line per piece from every peer it subscribes to, and each
 * peer writes one per piece to every subscriber: through Jackson's polymorphic reader and writer that was about 8 %
 * of the event loops' CPU on both sides in a 6-client swarm. A line in any other form (other key order, spaces, an
 * upper-case hash, a leading zero) is not recognised here and goes to {@link MessageCodec}'s general path, which
 * applies every rule.
 */
final class HaveLine {
    private static final byte[] PREFIX = "{\"type\":\"have\",\"info_hash\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MIDDLE = "\",\"index\":".getBytes(StandardCharsets.US_ASCII);
    private static final int HASH_CHARS = 40;
    private static final int INDEX_START = PREFIX.length + HASH_CHARS + MIDDLE.length;
    /** Digits of the largest int. */
    private static final int MAX_DIGITS = 10;

    private HaveLine() {
    }

    /** The JSON of {@code have}, as Jackson writes it, without the newline. */
    static byte[] encode(HaveResponse have) {
        return encode(have, false);
    }

    /** As {@link #encode(HaveResponse)}, ended by the header's newline when {@code headerLine}. */
    static byte[] encode(HaveResponse have, boolean headerLine) {
        byte[] index = Integer.toString(have.index()).getBytes(StandardCharsets.US_ASCII);
        byte[] json = new byte[INDEX_START + index.length + (headerLine ? 2 : 1)];
        System.arraycopy(PREFIX, 0, json, 0, PREFIX.length);
        System.arraycopy(have.infoHash().getBytes(StandardCharsets.US_ASCII), 0, json, PREFIX.length, HASH_CHARS);
        System.arraycopy(MIDDLE, 0, json, PREFIX.length + HASH_CHARS, MIDDLE.length);
        System.arraycopy(index, 0, json, INDEX_START, index.length);
        json[INDEX_START + index.length] = '}';
        if (headerLine) {
            json[json.length - 1] = MessageCodec.HEADER_END;
        }
        return json;
    }

    /** The have message {@code json} holds when it is in exactly the form {@link #encode} writes; otherwise null. */
    static HaveResponse parse(byte[] json) {
        int digits = json.length - INDEX_START - 1;
        if (digits < 1 || digits > MAX_DIGITS || json[json.length - 1] != '}'
                || !Arrays.equals(json, 0, PREFIX.length, PREFIX, 0, PREFIX.length)
                || !Arrays.equals(json, PREFIX.length + HASH_CHARS, INDEX_START, MIDDLE, 0, MIDDLE.length)) {
            return null;
        }
        for (int i = PREFIX.length; i < PREFIX.length + HASH_CHARS; i++) {
            byte b = json[i];
            if (!(b >= '0' && b <= '9' || b >= 'a' && b <= 'f')) {
                return null;
            }
        }
        if (json[INDEX_START] == '0' && digits > 1) {
            return null;
        }
        long index = 0;
        for (int i = INDEX_START; i < INDEX_START + digits; i++) {
            byte b = json[i];
            if (b < '0' || b > '9') {
                return null;
            }
            index = index * 10 + (b - '0');
        }
        if (index > Integer.MAX_VALUE) {
            return null;
        }
        return new HaveResponse(new String(json, PREFIX.length, HASH_CHARS, StandardCharsets.US_ASCII), (int) index);
    }
}
