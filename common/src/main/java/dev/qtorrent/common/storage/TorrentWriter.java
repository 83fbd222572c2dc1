package dev.qtorrent.common.storage;

import dev.qtorrent.common.bencode.BBytes;
import dev.qtorrent.common.bencode.BDict;
import dev.qtorrent.common.bencode.BList;
import dev.qtorrent.common.bencode.BValue;
import dev.qtorrent.common.bencode.Bencode;
import dev.qtorrent.common.metainfo.AnnounceTiers;
import dev.qtorrent.common.metainfo.FileEntry;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.metainfo.MetainfoException;
import dev.qtorrent.common.metainfo.PieceLengths;
import dev.qtorrent.common.metainfo.SafePath;
import dev.qtorrent.common.metainfo.TorrentFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Creates torrents, single-file from a file or multi-file from a folder, by streaming the data through SHA-1, and
 * writes torrent files atomically. The output is plain BEP 3, so other clients read it; the certificate pin is an
 * extra top-level key they ignore.
 */
public final class TorrentWriter {

    public static final String CREATED_BY = "quic-torrent";

    /**
     * What goes into a new torrent besides its data.
     *
     * @param announce     the tracker URL, or null or empty to leave {@code announce} out
     * @param certPinHex   the tracker certificate's SHA-256 fingerprint (64 hex digits), or null for none
     * @param pieceLength  bytes per piece, see {@link PieceLengths#choose(long)}
     * @param comment      free text for the {@code comment} key, or null
     * @param privateFlag  sets {@code private} in the info dictionary (BEP 27)
     * @param creationDate the {@code creation date}
     * @param announceList the tiers of tracker URLs for {@code announce-list} (BEP 12), whose first tier should start
     *                     with {@code announce}; empty to leave the key out
     */
    public record Options(String announce, String certPinHex, long pieceLength, String comment, boolean privateFlag,
                          Instant creationDate, List<List<String>> announceList) {
        public Options {
            announceList = announceList.stream().map(List::copyOf).filter(tier -> !tier.isEmpty()).toList();
            if (pieceLength <= 0) {
                throw new IllegalArgumentException("piece length must be positive, not " + pieceLength);
            }
            if (certPinHex != null) {
                try {
                    certPinHex = Metainfo.checkPin(certPinHex);
                } catch (MetainfoException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
            }
            if (creationDate == null) {
                creationDate = Instant.now();
            }
        }

        /** Options without {@code announce-list}. */
        public Options(String announce, String certPinHex, long pieceLength, String comment, boolean privateFlag,
                       Instant creationDate) {
            this(announce, certPinHex, pieceLength, comment, privateFlag, creationDate, List.of());
        }
    }

    private TorrentWriter() {
    }

    /**
     * Hashes {@code file} and builds its torrent, stamped with the current time.
     *
     * @throws IllegalArgumentException if the file name is unsafe, the pin is malformed or the piece length not positive
     * @throws IOException if the file cannot be read, is not a regular file, or changes size while being hashed
     */
    public static Metainfo create(Path file, String announce, String certPinHex, long pieceLength,
                                  HashProgress progress) throws IOException {
        return create(file, announce, certPinHex, pieceLength, Instant.now(), progress);
    }

    /** Like {@link #create(Path, String, String, long, HashProgress)} with a fixed creation date, for reproducible files. */
    public static Metainfo create(Path file, String announce, String certPinHex, long pieceLength, Instant creationDate,
                                  HashProgress progress) throws IOException {
        return create(file, new Options(announce, certPinHex, pieceLength, null, false, creationDate), progress);
    }

    /**
     * Hashes a file (single-file torrent) or every regular, non-hidden file below a folder (multi-file torrent, files
     * in path order, empty files included) and builds the torrent.
     *
     * @throws IllegalArgumentException if a name is unsafe (BEP 3 names travel to every downloader's disk), or the data
     *     holds no byte at all (see {@link TorrentFiles#EMPTY_DATA})
     * @throws IOException if the data cannot be read, a folder holds no files, or data changes while being hashed
     */
    public static Metainfo create(Path source, Options options, HashProgress progress) throws IOException {
        Path fileName = source.toAbsolutePath().normalize().getFileName();
        if (fileName == null) {
            throw new IllegalArgumentException(source + ": not a file or folder name");
        }
        String name = fileName.toString();
        try {
            SafePath.checkElement(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
        boolean multiFile = Files.isDirectory(source);
        List<FileEntry> files = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        if (multiFile) {
            for (Path file : TorrentFiles.list(source)) {
                List<String> path = new ArrayList<>();
                path.add(name);
                source.relativize(file).forEach(element -> path.add(element.toString()));
                files.add(new FileEntry(path, Files.size(file)));
                paths.add(file.toAbsolutePath());
            }
        } else if (Files.isRegularFile(source)) {
            files.add(new FileEntry(List.of(name), Files.size(source)));
            paths.add(source.toAbsolutePath());
        } else if (Files.exists(source)) {
            throw new IOException(source + ": not a regular file or folder");
        } else {
            throw new java.nio.file.NoSuchFileException(source.toString());
        }
        if (files.stream().allMatch(file -> file.length() == 0)) {
            throw new IllegalArgumentException(source + ": " + TorrentFiles.EMPTY_DATA);
        }
        StorageLayout layout = new StorageLayout(files, options.pieceLength());
        byte[] pieces;
        try (PieceStore store = PieceStore.open(source.toAbsolutePath().getParent(), paths, layout, false)) {
            pieces = PieceHasher.hash(store, layout, progress);
        }
        for (int i = 0; i < files.size(); i++) {
            if (Files.size(paths.get(i)) != files.get(i).length()) {
                throw new IOException(paths.get(i) + ": changed size while being hashed");
            }
        }
        BDict.Builder info = BDict.builder()
                .put("name", name)
                .put("piece length", options.pieceLength())
                .put("pieces", pieces);
        if (multiFile) {
            List<BValue> entries = new ArrayList<>();
            for (FileEntry file : files) {
                List<BValue> path = new ArrayList<>();
                file.path().subList(1, file.path().size()).forEach(element -> path.add(BBytes.of(element)));
                entries.add(BDict.builder().put("length", file.length()).put("path", new BList(path)).build());
            }
            info.put("files", new BList(entries));
        } else {
            info.put("length", files.get(0).length());
        }
        if (options.privateFlag()) {
            info.put("private", 1);
        }
        BDict.Builder root = BDict.builder()
                .put("created by", CREATED_BY)
                .put("creation date", options.creationDate().getEpochSecond())
                .put("info", info.build());
        if (options.announce() != null && !options.announce().isEmpty()) {
            root.put("announce", options.announce());
        }
        if (!options.announceList().isEmpty()) {
            root.put(AnnounceTiers.KEY, AnnounceTiers.encode(options.announceList()));
        }
        if (options.certPinHex() != null) {
            root.put(Metainfo.CERT_PIN_KEY, options.certPinHex());
        }
        if (options.comment() != null && !options.comment().isEmpty()) {
            root.put("comment", options.comment());
        }
        return Metainfo.parse(Bencode.encode(root.build()));
    }

    /**
     * Writes {@code metainfo} to {@code target} through a temporary file in the same folder and an atomic rename, so a
     * reader sees the old file or the complete new one, never a partial one.
     */
    public static void write(Metainfo metainfo, Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path temp = absolute.resolveSibling("." + absolute.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(metainfo.toBytes());
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                // Flush before the rename, or a crash could leave the new name pointing at empty data.
                channel.force(true);
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }
}
