package dev.qtorrent.common.metainfo;

import dev.qtorrent.common.bencode.BBytes;
import dev.qtorrent.common.bencode.BDict;
import dev.qtorrent.common.bencode.BList;
import dev.qtorrent.common.bencode.BValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The info dictionary of a BitTorrent v1 torrent (BEP 3): name, piece length, piece hashes and files.
 * {@link #files()} paths are relative to the download folder: a single-file torrent has one entry {@code [name]}, a
 * multi-file torrent has {@code [name, dir..., file]} per file, so both kinds resolve the same way.
 * {@code raw} is the dictionary as decoded, unknown keys included; hashing uses the original bytes, never {@code raw}.
 */
public record InfoDictionary(String name, long pieceLength, byte[] pieces, List<FileEntry> files, boolean multiFile,
                             BDict raw) {

    /** Length of one SHA-1 piece hash. */
    public static final int HASH_LENGTH = 20;

    /**
     * Checks that the fields describe a consistent torrent.
     *
     * @throws IllegalArgumentException if the name is unsafe, the piece length is not positive, the files do not sit
     *     under the name as described above, or {@code pieces} does not hold one hash per piece
     */
    public InfoDictionary {
        SafePath.checkElement(name);
        Objects.requireNonNull(raw, "raw");
        if (pieceLength <= 0) {
            throw new IllegalArgumentException("piece length must be positive, not " + pieceLength);
        }
        files = List.copyOf(files);
        checkFilesUnderName(name, files, multiFile);
        long total = sum(files);
        if (pieces.length % HASH_LENGTH != 0) {
            throw new IllegalArgumentException("pieces length " + pieces.length + " is not a multiple of 20");
        }
        long expected = total == 0 ? 0 : (total - 1) / pieceLength + 1;
        if (pieces.length / HASH_LENGTH != expected) {
            throw new IllegalArgumentException("pieces holds " + pieces.length / HASH_LENGTH + " hashes but "
                    + total + " bytes in pieces of " + pieceLength + " need " + expected);
        }
        pieces = pieces.clone();
    }

    /** Builds a single-file info dictionary with exactly the keys BEP 3 defines. */
    public static InfoDictionary singleFile(String name, long length, long pieceLength, byte[] pieces) {
        BDict raw = BDict.builder()
                .put("length", length)
                .put("name", name)
                .put("piece length", pieceLength)
                .put("pieces", pieces)
                .build();
        return new InfoDictionary(name, pieceLength, pieces, List.of(new FileEntry(List.of(name), length)), false, raw);
    }

    /**
     * Reads an info dictionary, single-file ({@code length}) or multi-file ({@code files}).
     *
     * @throws MetainfoException naming the offending field, e.g. {@code info.files[2].path}
     */
    public static InfoDictionary parse(BDict info) {
        String where = "info.";
        if (!info.containsKey("pieces") && info.containsKey("file tree")) {
            throw new MetainfoException("BitTorrent v2-only torrents are not supported (info has no pieces)");
        }
        String name = Fields.text(info, "name", where);
        long pieceLength = Fields.integer(info, "piece length", where);
        byte[] pieces = Fields.bytes(info, "pieces", where);
        boolean hasLength = info.containsKey("length");
        boolean hasFiles = info.containsKey("files");
        if (hasLength == hasFiles) {
            throw new MetainfoException("info must have exactly one of length (single file) and files (multi-file)");
        }
        List<FileEntry> files;
        try {
            SafePath.checkElement(name);
        } catch (IllegalArgumentException e) {
            throw new MetainfoException("info.name: " + e.getMessage(), e);
        }
        if (hasLength) {
            files = List.of(fileEntry(List.of(name), Fields.integer(info, "length", where), false, "info"));
        } else {
            files = parseFiles(name, Fields.list(info.get("files").orElseThrow(), "info.files"));
        }
        try {
            return new InfoDictionary(name, pieceLength, pieces, files, hasFiles, info);
        } catch (IllegalArgumentException e) {
            throw new MetainfoException("info: " + e.getMessage(), e);
        }
    }

    private static List<FileEntry> parseFiles(String name, BList list) {
        if (list.values().isEmpty()) {
            throw new MetainfoException("info.files is empty");
        }
        List<FileEntry> files = new ArrayList<>(list.values().size());
        for (int i = 0; i < list.values().size(); i++) {
            String where = "info.files[" + i + "]";
            BDict file = Fields.dict(list.values().get(i), where);
            long length = Fields.integer(file, "length", where + ".");
            BList pathList = Fields.list(Fields.required(file, "path", where + "."), where + ".path");
            List<String> path = new ArrayList<>();
            path.add(name);
            for (BValue element : pathList.values()) {
                path.add(Fields.asText(element, where + ".path"));
            }
            if (path.size() == 1) {
                throw new MetainfoException(where + ".path is empty");
            }
            boolean padding = file.get("attr").filter(a -> a instanceof BBytes b && b.asUtf8().contains("p"))
                    .isPresent();
            files.add(fileEntry(path, length, padding, where));
        }
        return files;
    }

    private static FileEntry fileEntry(List<String> path, long length, boolean padding, String where) {
        try {
            return new FileEntry(path, length, padding);
        } catch (IllegalArgumentException e) {
            throw new MetainfoException(where + ": " + e.getMessage(), e);
        }
    }

    private static void checkFilesUnderName(String name, List<FileEntry> files, boolean multiFile) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("a torrent needs at least one file");
        }
        if (!multiFile && (files.size() != 1 || !files.get(0).path().equals(List.of(name)))) {
            throw new IllegalArgumentException("a single-file torrent has exactly one file, named " + name);
        }
        for (FileEntry file : files) {
            if (multiFile && (file.path().size() < 2 || !file.path().get(0).equals(name))) {
                throw new IllegalArgumentException("file " + file.displayPath() + " is not inside folder " + name);
            }
        }
    }

    private static long sum(List<FileEntry> files) {
        long total = 0;
        for (FileEntry file : files) {
            try {
                total = Math.addExact(total, file.length());
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("total length overflows 64 bits", e);
            }
        }
        return total;
    }

    /** Returns a copy of the concatenated 20-byte piece hashes. */
    @Override
    public byte[] pieces() {
        return pieces.clone();
    }

    public boolean isMultiFile() {
        return multiFile;
    }

    public int pieceCount() {
        return pieces.length / HASH_LENGTH;
    }

    public long totalLength() {
        return sum(files);
    }

    /** Bytes in piece {@code index}: the piece length, except that the last piece may be shorter. */
    public long pieceSize(int index) {
        Objects.checkIndex(index, pieceCount());
        return Math.min(pieceLength, totalLength() - index * pieceLength);
    }

    /** Returns a copy of the SHA-1 hash of piece {@code index}. */
    public byte[] pieceHash(int index) {
        Objects.checkIndex(index, pieceCount());
        return Arrays.copyOfRange(pieces, index * HASH_LENGTH, (index + 1) * HASH_LENGTH);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof InfoDictionary that
                && name.equals(that.name)
                && pieceLength == that.pieceLength
                && Arrays.equals(pieces, that.pieces)
                && files.equals(that.files)
                && multiFile == that.multiFile
                && raw.equals(that.raw);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, pieceLength, Arrays.hashCode(pieces), files, multiFile, raw);
    }

    /** Leaves out {@code pieces} and {@code raw}, which can run to megabytes. */
    @Override
    public String toString() {
        return "InfoDictionary[name=" + name + ", pieceLength=" + pieceLength + ", pieceCount=" + pieceCount()
                + ", totalLength=" + totalLength() + ", files=" + files.size() + ", multiFile=" + multiFile + "]";
    }
}
