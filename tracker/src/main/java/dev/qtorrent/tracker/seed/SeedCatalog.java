package dev.qtorrent.tracker.seed;

import dev.qtorrent.common.bencode.BBytes;
import dev.qtorrent.common.bencode.Bencode;
import dev.qtorrent.common.metainfo.HashProgress;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.metainfo.MetainfoException;
import dev.qtorrent.common.metainfo.PieceLengths;
import dev.qtorrent.common.metainfo.TorrentWriter;
import dev.qtorrent.common.storage.PieceStore;
import dev.qtorrent.common.storage.StorageLayout;
import dev.qtorrent.common.tls.Fingerprint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files the tracker seeds. At start it makes sure the seed folder exists (with a greeting file when empty),
 * writes a standard .torrent beside each regular file, and reuses torrents that are already up to date instead of
 * rehashing their files.
 */
public final class SeedCatalog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SeedCatalog.class);
    public static final String TORRENT_SUFFIX = ".torrent";
    static final String GREETING_NAME = "hello_world.txt";
    static final String GREETING = "Hello World!";
    private static final long PROGRESS_EVERY_NANOS = 2_000_000_000L;

    private final Path folder;
    private final Map<String, SeededTorrent> byInfoHash;

    private SeedCatalog(Path folder, Map<String, SeededTorrent> byInfoHash) {
        this.folder = folder;
        this.byInfoHash = byInfoHash;
    }

    /**
     * Scans {@code folder}, creating it and the greeting file when needed, and opens every seeded file.
     *
     * @param announce the tracker URL written into torrents, e.g. {@code quic://tracker.example:7001}
     * @param pin      the tracker certificate's fingerprint written into torrents
     */
    public static SeedCatalog open(Path folder, String announce, Fingerprint pin) throws IOException {
        Files.createDirectories(folder);
        List<Path> files = seedableFiles(folder);
        if (files.isEmpty()) {
            Path greeting = folder.resolve(GREETING_NAME);
            Files.writeString(greeting, GREETING, StandardCharsets.US_ASCII);
            log.info("seed folder {} was empty: wrote {}", folder, greeting);
            files = List.of(greeting);
        }
        Map<String, SeededTorrent> torrents = new LinkedHashMap<>();
        try {
            for (Path file : files) {
                SeededTorrent torrent = seed(file, announce, pin);
                SeededTorrent clash = torrents.putIfAbsent(torrent.infoHash().hex(), torrent);
                if (clash != null) {
                    log.warn("{} has the same info hash as {}; serving the first", file, clash.data());
                    torrent.store().close();
                }
            }
        } catch (IOException | RuntimeException e) {
            torrents.values().forEach(t -> closeQuietly(t.store()));
            throw e;
        }
        return new SeedCatalog(folder, Collections.unmodifiableMap(torrents));
    }

    private static List<Path> seedableFiles(Path folder) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path entry : entries.sorted().toList()) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".") || name.endsWith(TORRENT_SUFFIX) || name.endsWith(".part")
                        || name.endsWith(".tmp")) {
                    continue;
                }
                if (Files.isDirectory(entry)) {
                    log.info("skipping folder {}: only single files are seeded", entry);
                } else if (Files.isRegularFile(entry)) {
                    files.add(entry);
                }
            }
        }
        return files;
    }

    private static SeededTorrent seed(Path file, String announce, Fingerprint pin) throws IOException {
        Path torrentFile = file.resolveSibling(file.getFileName() + TORRENT_SUFFIX);
        Metainfo metainfo = reuse(file, torrentFile, announce, pin).orElse(null);
        if (metainfo == null) {
            metainfo = hash(file, announce, pin);
            TorrentWriter.write(metainfo, torrentFile);
            log.info("wrote {} (info hash {}, pieces: {} of {} bytes)", torrentFile, metainfo.infoHash().hex(),
                    metainfo.info().pieceCount(), metainfo.info().pieceLength());
        }
        StorageLayout layout = StorageLayout.of(metainfo.info());
        PieceStore store = PieceStore.open(file.toAbsolutePath().getParent(), List.of(file.toAbsolutePath()), layout, false);
        return new SeededTorrent(metainfo, file, torrentFile, layout, store);
    }

    /**
     * The existing torrent, if it still describes the file: written after the file last changed, same name and
     * length. A different tracker address or certificate only rewrites the keys outside {@code info}, so the info
     * hash and the piece hashes stay as they are.
     */
    private static Optional<Metainfo> reuse(Path file, Path torrentFile, String announce, Fingerprint pin)
            throws IOException {
        if (!Files.isRegularFile(torrentFile)) {
            return Optional.empty();
        }
        Metainfo existing;
        try {
            existing = Metainfo.load(torrentFile);
        } catch (MetainfoException e) {
            log.warn("{} is not a valid torrent ({}); writing a new one", torrentFile, e.getMessage());
            return Optional.empty();
        }
        FileTime dataTime = Files.getLastModifiedTime(file);
        FileTime torrentTime = Files.getLastModifiedTime(torrentFile);
        boolean current = !existing.info().isMultiFile()
                && existing.info().name().equals(file.getFileName().toString())
                && existing.info().totalLength() == Files.size(file)
                && torrentTime.compareTo(dataTime) >= 0;
        if (!current) {
            log.info("{} changed since its torrent was written; hashing it again", file);
            return Optional.empty();
        }
        if (announce.equals(existing.announce())
                && existing.certificatePin().equals(Optional.of(pin.hex()))) {
            log.info("{} is up to date (info hash {})", torrentFile, existing.infoHash().hex());
            return Optional.of(existing);
        }
        Metainfo retagged = Metainfo.parse(Bencode.encode(existing.root().toBuilder()
                .put("announce", BBytes.of(announce))
                .put(Metainfo.CERT_PIN_KEY, BBytes.of(pin.hex()))
                .build()));
        if (!retagged.infoHash().equals(existing.infoHash())) {
            return Optional.empty();
        }
        TorrentWriter.write(retagged, torrentFile);
        log.info("{}: updated tracker address or certificate pin (info hash unchanged)", torrentFile);
        return Optional.of(retagged);
    }

    private static Metainfo hash(Path file, String announce, Fingerprint pin) throws IOException {
        long size = Files.size(file);
        long pieceLength = PieceLengths.choose(size);
        long[] lastReport = {System.nanoTime()};
        HashProgress progress = (done, total) -> {
            long now = System.nanoTime();
            if (now - lastReport[0] >= PROGRESS_EVERY_NANOS) {
                lastReport[0] = now;
                log.info("hashing {}: {}%", file.getFileName(), total == 0 ? 100 : done * 100 / total);
            }
        };
        log.info("hashing {} ({} bytes)", file, size);
        return TorrentWriter.create(file, announce, pin.hex(), pieceLength, progress);
    }

    public Path folder() {
        return folder;
    }

    public Optional<SeededTorrent> find(String infoHashHex) {
        return Optional.ofNullable(byInfoHash.get(infoHashHex));
    }

    public List<SeededTorrent> torrents() {
        return List.copyOf(byInfoHash.values());
    }

    @Override
    public void close() {
        byInfoHash.values().forEach(t -> closeQuietly(t.store()));
    }

    private static void closeQuietly(PieceStore store) {
        try {
            store.close();
        } catch (IOException | RuntimeException e) {
            log.debug("closing {} failed", store, e);
        }
    }
}
