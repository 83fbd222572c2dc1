package dev.qtorrent.common.metainfo;

import dev.qtorrent.common.bencode.BBytes;
import dev.qtorrent.common.bencode.BDict;
import dev.qtorrent.common.bencode.BInteger;
import dev.qtorrent.common.bencode.BList;
import dev.qtorrent.common.bencode.BValue;
import java.util.Optional;

/**
 * Typed access to torrent dictionary fields. Each failure is a {@link MetainfoException} naming the field by its
 * dotted path ({@code info.piece length}), because "expected an integer" alone does not tell the user where.
 */
final class Fields {

    private Fields() {
    }

    static Optional<BValue> optional(BDict dict, String key) {
        return dict.get(key);
    }

    static BValue required(BDict dict, String key, String where) {
        return dict.get(key).orElseThrow(() -> new MetainfoException(where + key + " is missing"));
    }

    static long integer(BDict dict, String key, String where) {
        return asInteger(required(dict, key, where), where + key);
    }

    static long asInteger(BValue value, String name) {
        if (value instanceof BInteger integer) {
            return integer.value();
        }
        throw new MetainfoException(name + " must be an integer");
    }

    static byte[] bytes(BDict dict, String key, String where) {
        return asBytes(required(dict, key, where), where + key).bytes();
    }

    static BBytes asBytes(BValue value, String name) {
        if (value instanceof BBytes bytes) {
            return bytes;
        }
        throw new MetainfoException(name + " must be a byte string");
    }

    static String text(BDict dict, String key, String where) {
        return asText(required(dict, key, where), where + key);
    }

    static String asText(BValue value, String name) {
        try {
            return asBytes(value, name).asUtf8();
        } catch (IllegalArgumentException e) {
            throw new MetainfoException(name + " is not valid UTF-8");
        }
    }

    static BList list(BValue value, String name) {
        if (value instanceof BList list) {
            return list;
        }
        throw new MetainfoException(name + " must be a list");
    }

    static BDict dict(BValue value, String name) {
        if (value instanceof BDict dict) {
            return dict;
        }
        throw new MetainfoException(name + " must be a dictionary");
    }
}
