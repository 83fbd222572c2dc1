package dev.qtorrent.common.bencode;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A bencode dictionary ({@code d...e}). Keys are the byte-string keys decoded as UTF-8 and are kept in the order
 * bencode requires, raw byte order (BEP 3), which {@link #KEY_ORDER} gives; the map is immutable.
 */
public record BDict(SortedMap<String, BValue> entries) implements BValue {

    /**
     * Orders strings as their UTF-8 bytes compare unsigned. UTF-8 preserves code point order, so comparing code points
     * is the same thing without encoding; {@link String#compareTo} is not, as it compares UTF-16 units.
     */
    public static final Comparator<String> KEY_ORDER = BDict::compareKeys;

    /** Copies the entries into a map sorted by {@link #KEY_ORDER}, whatever order the argument used. */
    public BDict {
        TreeMap<String, BValue> copy = new TreeMap<>(KEY_ORDER);
        for (Map.Entry<String, BValue> entry : entries.entrySet()) {
            checkKey(entry.getKey());
            if (entry.getValue() == null) {
                throw new NullPointerException("null value for key " + entry.getKey());
            }
            copy.put(entry.getKey(), entry.getValue());
        }
        entries = Collections.unmodifiableSortedMap(copy);
    }

    public static BDict of(Map<String, ? extends BValue> entries) {
        return new BDict(new TreeMap<>(entries));
    }

    public static BDict empty() {
        return new BDict(new TreeMap<>());
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<BValue> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    public boolean containsKey(String key) {
        return entries.containsKey(key);
    }

    /** Returns a builder holding this dictionary's entries, for a copy with a few keys changed. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.entries.putAll(entries);
        return builder;
    }

    private static void checkKey(String key) {
        if (key == null) {
            throw new NullPointerException("null dictionary key");
        }
        // A lone surrogate has no UTF-8 form, so the key could not be encoded back to what it claims to be.
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < key.length() && Character.isLowSurrogate(key.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("dictionary key has an unpaired surrogate at index " + i);
            }
        }
    }

    private static int compareKeys(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    /** The UTF-8 bytes of a key, as written on the wire. */
    static byte[] keyBytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    /** Collects entries in any order; {@link #build()} sorts them. A later {@code put} of the same key wins. */
    public static final class Builder {
        private final TreeMap<String, BValue> entries = new TreeMap<>(KEY_ORDER);

        private Builder() {
        }

        public Builder put(String key, BValue value) {
            entries.put(key, value);
            return this;
        }

        public Builder put(String key, long value) {
            return put(key, new BInteger(value));
        }

        public Builder put(String key, String utf8) {
            return put(key, BBytes.of(utf8));
        }

        public Builder put(String key, byte[] bytes) {
            return put(key, new BBytes(bytes));
        }

        public Builder remove(String key) {
            entries.remove(key);
            return this;
        }

        public BDict build() {
            return new BDict(entries);
        }
    }
}
