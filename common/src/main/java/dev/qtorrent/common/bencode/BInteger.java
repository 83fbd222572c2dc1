package dev.qtorrent.common.bencode;

/** A bencode integer ({@code i42e}); bencode allows any signed 64-bit value. */
public record BInteger(long value) implements BValue {

    public static BInteger of(long value) {
        return new BInteger(value);
    }
}
