package dev.qtorrent.common.bencode;

import java.util.Map;

/**
 * Strict bencode decoding and canonical encoding (BEP 3). Decoding accepts exactly one value spanning the whole input
 * and rejects every non-canonical form, so decode followed by encode reproduces the input byte for byte.
 */
public final class Bencode {

    /** Containers nested deeper than this are rejected so hostile input cannot overflow the stack. */
    public static final int MAX_DEPTH = 256;

    private Bencode() {
    }

    /**
     * Decodes one value that must span all of {@code data}.
     *
     * @throws BencodeException with the offset of the first byte that breaks the grammar
     */
    public static BValue decode(byte[] data) {
        return decodeWithSpans(data).value();
    }

    /**
     * Decodes like {@link #decode(byte[])} and also records, for a top-level dictionary, the span of each value's
     * encoding in {@code data}.
     */
    public static Decoded decodeWithSpans(byte[] data) {
        BencodeReader reader = new BencodeReader(data, MAX_DEPTH);
        BValue value = reader.readTopLevel();
        Map<String, Span> spans = reader.topLevelSpans();
        return new Decoded(value, spans);
    }

    /** Encodes {@code value} canonically: dictionary keys in byte order, integers without padding. */
    public static byte[] encode(BValue value) {
        return BencodeWriter.encode(value);
    }
}
