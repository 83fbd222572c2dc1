package dev.qtorrent.common.bencode;

/**
 * Malformed bencode, with the byte offset where decoding stopped. The message reads
 * {@code "<reason> at byte <offset>"}; {@link #reason()} is the part without the offset.
 */
public final class BencodeException extends RuntimeException {

    private final long offset;
    private final String reason;

    public BencodeException(String reason, long offset) {
        super(reason + " at byte " + offset);
        this.reason = reason;
        this.offset = offset;
    }

    /** Zero-based offset into the input of the byte that could not be accepted (the input length for a truncation). */
    public long offset() {
        return offset;
    }

    public String reason() {
        return reason;
    }
}
