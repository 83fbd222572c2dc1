package dev.qtorrent.common.metainfo;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** The SHA-1 of a torrent's bencoded info dictionary (BEP 3): the torrent's identity on trackers and peers. */
public record InfoHash(byte[] bytes) {

    public static final int LENGTH = 20;

    public InfoHash {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("info hash must be " + LENGTH + " bytes, not " + bytes.length);
        }
        bytes = bytes.clone();
    }

    /** Hashes the info dictionary exactly as encoded in the torrent. */
    public static InfoHash of(byte[] infoBytes) {
        return new InfoHash(sha1().digest(infoBytes));
    }

    /**
     * Parses 40 hex digits in either case.
     *
     * @throws IllegalArgumentException for any other length or a non-hex character
     */
    public static InfoHash fromHex(String hex) {
        if (hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("info hash must be 40 hex digits, not " + hex.length() + " characters");
        }
        int bad = Hex.firstNonHex(hex);
        if (bad >= 0) {
            throw new IllegalArgumentException("info hash has a non-hex character at index " + bad);
        }
        return new InfoHash(HexFormat.of().parseHex(hex));
    }

    /** Returns a copy of the 20 bytes. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** 40 lowercase hex digits. */
    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof InfoHash that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }

    static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-1", e);
        }
    }
}
