package dev.qtorrent.common.bencode;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A bencode dictionary ({@code d...e}). Keys are byte strings on the wire and need not be text: hybrid torrents key
 * their {@code piece layers} by raw SHA-256 hashes. So each key byte maps to one {@code char} (ISO-8859-1), which is
 * lossless, keeps every ASCII key such as {@code "piece length"} readable, and makes string order byte order
 * (BEP 3). The map is immutable.
 */
public record BDict(SortedMap<String, BValue> entries) implements BValue {

    /** Byte order of the keys: with one char per byte, plain string order. */
    public static final Comparator<String> KEY_ORDER = Comparator.naturalOrder();

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
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) > 0xff) {
                throw new IllegalArgumentException("dictionary key has a character above U+00FF at index " + i
                        + ": keys hold one byte per character");
            }
        }
    }

    /** A key as written on the wire. */
    static byte[] keyBytes(String key) {
        return key.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The key for bytes read from the wire. */
    static String key(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
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
