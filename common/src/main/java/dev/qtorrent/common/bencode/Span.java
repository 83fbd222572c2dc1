package dev.qtorrent.common.bencode;

import java.util.Arrays;

/** A half-open byte range {@code [start, end)} of an encoded input, such as where a dictionary value appeared. */
public record Span(int start, int end) {

    public Span {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
        }
    }

    public int length() {
        return end - start;
    }

    /** Copies this range out of {@code data}, the input the span was recorded from. */
    public byte[] slice(byte[] data) {
        if (end > data.length) {
            throw new IllegalArgumentException("span [" + start + ", " + end + ") exceeds " + data.length + " bytes");
        }
        return Arrays.copyOfRange(data, start, end);
    }
}
