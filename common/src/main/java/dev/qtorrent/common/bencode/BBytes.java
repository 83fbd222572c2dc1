package dev.qtorrent.common.bencode;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A bencode byte string ({@code 4:spam}). Bencode strings are raw bytes, not text: piece hashes live in them too,
 * so the bytes are kept as they are and {@link #asUtf8()} decodes on demand.
 */
public record BBytes(byte[] bytes) implements BValue {

    private static final int TO_STRING_LIMIT = 64;

    /** Copies the array so the record stays immutable. */
    public BBytes {
        bytes = bytes.clone();
    }

    /** The UTF-8 encoding of {@code text}. */
    public static BBytes of(String text) {
        return new BBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Returns a copy of the bytes. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    /**
     * Decodes the bytes as UTF-8.
     *
     * @throws IllegalArgumentException if the bytes are not well-formed UTF-8; silently substituting U+FFFD would
     *     make a file name or URL that differs from the one in the torrent
     */
    public String asUtf8() {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("byte string is not valid UTF-8", e);
        }
    }

    /** The bytes without a copy, for the encoder in this package. */
    byte[] unsafeBytes() {
        return bytes;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BBytes that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /**
     * Printable ASCII is shown as text and anything else as hex, so piece hashes do not garble logs; long values are
     * cut short because a {@code pieces} string can be megabytes.
     */
    @Override
    public String toString() {
        int shown = Math.min(bytes.length, TO_STRING_LIMIT);
        String suffix = shown < bytes.length ? "...(" + bytes.length + " bytes)]" : "]";
        for (int i = 0; i < shown; i++) {
            if (bytes[i] < 0x20 || bytes[i] > 0x7e) {
                return "BBytes[hex:" + HexFormat.of().formatHex(bytes, 0, shown) + suffix;
            }
        }
        return "BBytes[" + new String(bytes, 0, shown, StandardCharsets.US_ASCII) + suffix;
    }
}
