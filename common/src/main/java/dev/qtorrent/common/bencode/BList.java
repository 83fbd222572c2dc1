package dev.qtorrent.common.bencode;

import java.util.List;

/** A bencode list ({@code l...e}); immutable. */
public record BList(List<BValue> values) implements BValue {

    public BList {
        values = List.copyOf(values);
    }

    public static BList of(BValue... values) {
        return new BList(List.of(values));
    }
}
