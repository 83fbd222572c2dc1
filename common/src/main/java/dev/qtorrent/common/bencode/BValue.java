package dev.qtorrent.common.bencode;

/**
 * A decoded bencode value (BEP 3): an integer, a byte string, a list or a dictionary.
 * Dispatch on the four permitted records with {@code instanceof}.
 */
public sealed interface BValue permits BInteger, BBytes, BList, BDict {
}
