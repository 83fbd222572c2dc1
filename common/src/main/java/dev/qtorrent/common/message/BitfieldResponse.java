package dev.qtorrent.common.message;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Base64;
import java.util.BitSet;

/**
 * Which pieces a node holds: the answer to a {@link BitfieldRequest} and the first line of a have subscription.
 * The bits are BEP 3's bitfield: the high bit of the first byte is piece 0, and the spare bits of the last byte are
 * zero; on the wire they are standard base64 with padding (RFC 4648 §4).
 *
 * @param infoHash the torrent, 40 lower-case hex characters
 * @param pieces   the torrent's number of pieces, which fixes the bitfield's length: ceil(pieces / 8) bytes
 * @param bitfield the bits, base64
 */
public record BitfieldResponse(
        @JsonProperty(value = "info_hash", required = true) String infoHash,
        @JsonProperty(value = "pieces", required = true) int pieces,
        @JsonProperty(value = "bitfield", required = true) String bitfield) implements Response {

    public BitfieldResponse {
        Fields.infoHash(infoHash);
        Fields.nonNegative("pieces", pieces);
        byte[] bits = decode(bitfield);
        if (bits.length != (pieces + 7) / 8) {
            throw new IllegalArgumentException("bitfield must be " + (pieces + 7) / 8 + " bytes for " + pieces
                    + " pieces, got " + bits.length);
        }
        if (pieces % 8 != 0 && (bits[bits.length - 1] & (0xff >>> (pieces % 8))) != 0) {
            throw new IllegalArgumentException("bitfield's spare bits after piece " + (pieces - 1) + " must be zero");
        }
    }

    /** The bitfield of {@code pieces} pieces whose held ones are set in {@code held} (bit i = piece i). */
    public static BitfieldResponse of(String infoHash, int pieces, BitSet held) {
        byte[] bits = new byte[(pieces + 7) / 8];
        for (int i = held.nextSetBit(0); i >= 0 && i < pieces; i = held.nextSetBit(i + 1)) {
            bits[i / 8] |= (byte) (0x80 >>> (i % 8));
        }
        return new BitfieldResponse(infoHash, pieces, Base64.getEncoder().encodeToString(bits));
    }

    /** The held pieces, bit i = piece i. */
    public BitSet held() {
        byte[] bits = decode(bitfield);
        BitSet held = new BitSet(pieces);
        for (int i = 0; i < pieces; i++) {
            if ((bits[i / 8] & (0x80 >>> (i % 8))) != 0) {
                held.set(i);
            }
        }
        return held;
    }

    /** Whether the node holds piece {@code index}. */
    public boolean has(int index) {
        return index >= 0 && index < pieces && held().get(index);
    }

    /** Whether the node holds every piece. */
    @JsonIgnore
    public boolean complete() {
        return held().cardinality() == pieces;
    }

    /** Strict base64: java.util.Base64 accepts a missing padding, so the text must also be the canonical encoding. */
    private static byte[] decode(String base64) {
        if (base64 == null) {
            throw new IllegalArgumentException("bitfield is required");
        }
        byte[] bits;
        try {
            bits = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bitfield is not base64: " + e.getMessage(), e);
        }
        if (!Base64.getEncoder().encodeToString(bits).equals(base64)) {
            throw new IllegalArgumentException("bitfield is not canonical base64 (RFC 4648 §4, with padding)");
        }
        return bits;
    }
}
