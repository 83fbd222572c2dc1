package dev.qtorrent.common.metainfo;

import dev.qtorrent.common.bencode.BDict;
import dev.qtorrent.common.bencode.BValue;
import dev.qtorrent.common.bencode.Bencode;
import dev.qtorrent.common.bencode.BencodeException;
import dev.qtorrent.common.bencode.Decoded;
import dev.qtorrent.common.bencode.Span;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A parsed {@code .torrent} file (BEP 3). It keeps the original bytes, so {@link #infoHash()} is the SHA-1 of the
 * info dictionary exactly as written and {@link #toBytes()} returns the file unchanged, unknown keys included.
 */
public final class Metainfo {

    /** Top-level key holding the tracker certificate's SHA-256 fingerprint, 64 hex digits; outside info on purpose. */
    public static final String CERT_PIN_KEY = "qtorrent cert sha256";

    /** Torrents above this size are refused rather than read into memory; real ones are kilobytes to a few MiB. */
    public static final long MAX_FILE_BYTES = 64L << 20;

    private final byte[] data;
    private final BDict root;
    private final InfoDictionary info;
    private final byte[] infoBytes;
    private final InfoHash infoHash;
    private final String announce;
    private final String certificatePin;

    private Metainfo(byte[] data, BDict root, InfoDictionary info, byte[] infoBytes, String announce,
                     String certificatePin) {
        this.data = data;
        this.root = root;
        this.info = info;
        this.infoBytes = infoBytes;
        this.infoHash = InfoHash.of(infoBytes);
        this.announce = announce;
        this.certificatePin = certificatePin;
    }

    /**
     * Parses a torrent held in memory.
     *
     * @throws MetainfoException starting with "not a valid torrent: ", with the byte offset for malformed bencode
     */
    public static Metainfo parse(byte[] data) {
        byte[] copy = data.clone();
        Decoded decoded;
        try {
            decoded = Bencode.decodeWithSpans(copy);
        } catch (BencodeException e) {
            throw new MetainfoException("not a valid torrent: bad bencode at byte " + e.offset() + ": " + e.reason(), e);
        }
        try {
            return fromDecoded(copy, decoded);
        } catch (MetainfoException e) {
            throw new MetainfoException("not a valid torrent: " + e.getMessage(), e);
        }
    }

    /**
     * Reads and parses a torrent file. Every message starts with the path, e.g.
     * {@code "seed/x.torrent: no such file"} or {@code "seed/x.torrent: not a valid torrent: bad bencode at byte 17: ..."}.
     */
    public static Metainfo load(Path file) {
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new MetainfoException(file + ": is a directory, not a torrent file");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new MetainfoException(file + ": too large for a torrent file (over " + MAX_FILE_BYTES + " bytes)");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new MetainfoException(file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new MetainfoException(file + ": permission denied", e);
        } catch (IOException e) {
            throw new MetainfoException(file + ": cannot read: " + e.getMessage(), e);
        }
        try {
            return parse(bytes);
        } catch (MetainfoException e) {
            throw new MetainfoException(file + ": " + e.getMessage(), e.getCause());
        }
    }

    private static Metainfo fromDecoded(byte[] data, Decoded decoded) {
        BDict root = Fields.dict(decoded.value(), "the top level");
        BDict infoDict = Fields.dict(Fields.required(root, "info", ""), "info");
        InfoDictionary info = InfoDictionary.parse(infoDict);
        Span infoSpan = decoded.topLevelSpans().get("info");
        String announce = root.containsKey("announce") ? Fields.text(root, "announce", "") : "";
        String pin = root.containsKey(CERT_PIN_KEY) ? checkPin(Fields.text(root, CERT_PIN_KEY, "")) : null;
        return new Metainfo(data, root, info, infoSpan.slice(data), announce, pin);
    }

    /**
     * Validates a SHA-256 certificate fingerprint: 64 hex digits in either case.
     *
     * @return the fingerprint in lowercase
     * @throws MetainfoException if it is anything else
     */
    public static String checkPin(String pin) {
        if (pin.length() != 64 || Hex.firstNonHex(pin) >= 0) {
            throw new MetainfoException(CERT_PIN_KEY + " must be 64 hex digits (a SHA-256 fingerprint)");
        }
        return pin.toLowerCase(Locale.ROOT);
    }

    /** The tracker URL, or an empty string if the torrent has no {@code announce} key. */
    public String announce() {
        return announce;
    }

    /** The tracker certificate's SHA-256 fingerprint as 64 lowercase hex digits, if the torrent pins one. */
    public Optional<String> certificatePin() {
        return Optional.ofNullable(certificatePin);
    }

    public InfoDictionary info() {
        return info;
    }

    public InfoHash infoHash() {
        return infoHash;
    }

    /** Returns a copy of the info dictionary's bytes exactly as they appear in the torrent. */
    public byte[] infoBytes() {
        return infoBytes.clone();
    }

    /** The decoded top-level dictionary, including keys this class does not interpret. */
    public BDict root() {
        return root;
    }

    /** A top-level value by key, e.g. {@code comment} or {@code announce-list}. */
    public Optional<BValue> get(String key) {
        return root.get(key);
    }

    /** Returns a copy of the torrent file's bytes, identical to what was parsed. */
    public byte[] toBytes() {
        return data.clone();
    }

    /** Two torrents are equal when their files are byte for byte the same. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Metainfo that && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Metainfo[name=" + info.name() + ", infoHash=" + infoHash.hex() + ", announce=" + announce + "]";
    }
}
