package dev.qtorrent.common.bencode;

import java.util.Map;

/**
 * A decoded value plus, when it is a dictionary, where each of its values sits in the input. The spans let a caller
 * hash a value exactly as it was written (the info hash) instead of re-encoding it.
 */
public record Decoded(BValue value, Map<String, Span> topLevelSpans) {

    public Decoded {
        if (value == null) {
            throw new NullPointerException("value");
        }
        topLevelSpans = Map.copyOf(topLevelSpans);
    }
}
