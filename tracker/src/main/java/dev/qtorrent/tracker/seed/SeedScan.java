package dev.qtorrent.tracker.seed;

import dev.qtorrent.common.metainfo.FileEntry;
import dev.qtorrent.common.metainfo.HashProgress;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.metainfo.MetainfoException;
import dev.qtorrent.common.metainfo.PieceLengths;
import dev.qtorrent.common.metainfo.SafePath;
import dev.qtorrent.common.metainfo.TorrentFiles;
import dev.qtorrent.common.metainfo.TorrentWriter;
import dev.qtorrent.common.storage.PieceHasher;
import dev.qtorrent.common.storage.PieceStore;
import dev.qtorrent.common.storage.StorageLayout;
import dev.qtorrent.common.tls.Fingerprint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * One pass over the seed folder at start: decides what is served, what is only tracked and what is reported, and
 * writes the tracker's own torrents. Logs as {@link SeedCatalog}, whose work it is.
 */
final class SeedScan {
    private static final Logger log = LoggerFactory.getLogger(SeedCatalog.class);
    private static final long PROGRESS_EVERY_NANOS = 2_000_000_000L;

    private final Path folder;
    private final Path root;
    private final String announce;
    private final Fingerprint pin;
    private final SeedState state;
    private final Map<String, SeededTorrent> served = new LinkedHashMap<>();
    private final Map<String, TrackedTorrent> tracked = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    SeedScan(Path folder, String announce, Fingerprint pin) {
        this.folder = folder;
        this.root = folder.toAbsolutePath().normalize();
        this.announce = announce;
        this.pin = pin;
        this.state = new SeedState(root);
    }

    SeedCatalog run() throws IOException {
        Files.createDirectories(folder);
        List<Path> torrentFiles = new ArrayList<>();
        List<Path> data = new ArrayList<>();
        list(torrentFiles, data);
        if (torrentFiles.isEmpty() && data.isEmpty()) {
            Path greeting = folder.resolve(SeedCatalog.GREETING_NAME);
            Files.writeString(greeting, SeedCatalog.GREETING, StandardCharsets.US_ASCII);
            log.info("seed folder {} was empty: wrote {}", folder, greeting);
            data.add(greeting);
        }
        try {
            List<String> claimed = new ArrayList<>();
            for (Path torrentFile : torrentFiles) {
                Optional<String> name = serveExisting(torrentFile, data);
                name.ifPresent(claimed::add);
            }
            for (Path entry : data) {
                if (!claimed.contains(entry.getFileName().toString())) {
                    serveNew(entry);
                }
            }
        } catch (IOException | RuntimeException e) {
            served.values().forEach(t -> SeedCatalog.closeQuietly(t.store()));
            throw e;
        }
        return new SeedCatalog(folder, Collections.unmodifiableMap(served), Collections.unmodifiableMap(tracked),
                List.copyOf(problems));
    }

    private void list(List<Path> torrentFiles, List<Path> data) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path entry : entries.sorted().toList()) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".") || name.endsWith(".part") || name.endsWith(".tmp")) {
                    continue;
                }
                if (name.endsWith(SeedCatalog.TORRENT_SUFFIX)) {
                    if (Files.isRegularFile(entry)) {
                        torrentFiles.add(entry);
                    }
                } else if (Files.isRegularFile(entry) || Files.isDirectory(entry) && holdsFiles(entry)) {
                    data.add(entry);
                }
            }
        }
    }

    private static boolean holdsFiles(Path directory) {
        try {
            return !TorrentFiles.list(directory).isEmpty();
        } catch (IOException | IllegalArgumentException e) {
            // An empty folder is simply not seeded; one with unusable names is reported when it is hashed.
            return e instanceof IllegalArgumentException;
        }
    }

    /**
     * Serves a torrent file found in the folder, if its data is there; returns the data's name when the torrent
     * accounts for it, so no second torrent is written for the same data.
     */
    private Optional<String> serveExisting(Path torrentFile, List<Path> data) throws IOException {
        Metainfo metainfo;
        try {
            metainfo = Metainfo.load(torrentFile);
        } catch (MetainfoException e) {
            if (ownName(torrentFile, data).isPresent()) {
                // At our own naming spot and unreadable: ours, damaged; a new one replaces it.
                log.warn("{} is not a valid torrent ({}); writing a new one", torrentFile, e.getMessage());
            } else {
                refuse(torrentFile + ": " + e.getMessage());
            }
            return Optional.empty();
        }
        String name = metainfo.info().name();
        Path dataPath = folder.resolve(name);
        if (metainfo.info().totalLength() == 0) {
            // Such a torrent is unusable elsewhere, and there is nothing to serve; no new one replaces it either.
            skip(torrentFile + ": " + TorrentFiles.EMPTY_DATA);
            return Optional.of(name);
        }
        boolean ours = OwnTorrent.isOwn(metainfo, torrentFile);
        if (!data.contains(dataPath)) {
            track(metainfo, ours, torrentFile, "no data here");
            return Optional.empty();
        }
        List<Path> files = files(metainfo);
        String layoutProblem = layoutProblem(metainfo, files);
        if (layoutProblem == null && state.unchanged(torrentFile, metainfo.infoHash(), root, onDisk(metainfo, files))) {
            serve(metainfo, ours, dataPath, torrentFile, files, "data unchanged since it was last checked");
            return Optional.of(name);
        }
        if (layoutProblem == null) {
            List<Integer> bad = verify(metainfo, files, torrentFile);
            if (bad.isEmpty()) {
                state.recordVerified(torrentFile, metainfo.infoHash(), root, onDisk(metainfo, files));
                serve(metainfo, ours, dataPath, torrentFile, files, "data checked: every piece matches");
                return Optional.of(name);
            }
            layoutProblem = bad.size() + " of " + metainfo.info().pieceCount() + " pieces do not match (first: "
                    + "piece " + bad.get(0) + ")";
        }
        if (ours) {
            log.info("{} changed since its torrent was written ({}); hashing it again", dataPath, layoutProblem);
            state.forget(torrentFile);
            return Optional.empty();
        }
        refuse(torrentFile + ": its data does not match: " + layoutProblem);
        track(metainfo, false, torrentFile, "its data here does not match");
        return Optional.of(name);
    }

    /**
     * Tracks a torrent whose pieces the tracker cannot serve. Its own torrents still follow the tracker's address
     * and pin, since peers announce them here.
     */
    private void track(Metainfo metainfo, boolean ours, Path torrentFile, String why) throws IOException {
        OwnTorrent current = ours ? OwnTorrent.retag(metainfo, torrentFile, announce, pin)
                : new OwnTorrent(metainfo, "");
        TrackedTorrent torrent = new TrackedTorrent(current.metainfo(), torrentFile, why);
        TrackedTorrent clash = tracked.putIfAbsent(torrent.infoHash().hex(), torrent);
        if (clash != null) {
            log.warn("{} has the same info hash as {}; tracking the first", torrentFile, clash.torrentFile());
            return;
        }
        log.info("{}: {}; tracking it without serving its pieces (info hash {}{})", torrentFile, why,
                torrent.infoHash().hex(), current.change().isEmpty() ? "" : "; rewrote its " + current.change());
    }

    /**
     * Serves a torrent found in the folder, first bringing the tracker's own ones up to its address and pin, and
     * logs one line saying why it is served and what changed.
     */
    private void serve(Metainfo metainfo, boolean ours, Path dataPath, Path torrentFile, List<Path> files,
                       String why) throws IOException {
        OwnTorrent current = ours ? OwnTorrent.retag(metainfo, torrentFile, announce, pin)
                : new OwnTorrent(metainfo, "");
        boolean rewritten = !current.change().isEmpty();
        log.info("{}: {}{}; serving it (info hash {}{})", torrentFile, why,
                rewritten ? "; rewrote its " + current.change() : "", metainfo.infoHash().hex(),
                rewritten ? ", unchanged" : "");
        add(current.metainfo(), dataPath, torrentFile, files);
    }

    /** Something in the folder that should have been served and is not. */
    private void refuse(String problem) {
        log.error("not serving {}", problem);
        problems.add(problem);
    }

    /** Something in the folder that cannot be served, by its nature rather than by a fault. */
    private void skip(String reason) {
        log.warn("not serving {}", reason);
        problems.add(reason);
    }

    private Optional<Path> ownName(Path torrentFile, List<Path> data) {
        String name = torrentFile.getFileName().toString();
        String dataName = name.substring(0, name.length() - SeedCatalog.TORRENT_SUFFIX.length());
        return data.stream().filter(p -> p.getFileName().toString().equals(dataName)).findFirst();
    }

    private List<Path> files(Metainfo metainfo) {
        List<Path> files = new ArrayList<>();
        for (FileEntry entry : metainfo.info().files()) {
            files.add(SafePath.resolve(root, entry.path()));
        }
        return files;
    }

    /** The files that exist on disk: all but padding. */
    private static List<Path> onDisk(Metainfo metainfo, List<Path> files) {
        List<Path> real = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            if (!metainfo.info().files().get(i).padding()) {
                real.add(files.get(i));
            }
        }
        return real;
    }

    /** Why the files on disk cannot be this torrent's data, or null when every file has the right size. */
    private static String layoutProblem(Metainfo metainfo, List<Path> files) throws IOException {
        List<FileEntry> entries = metainfo.info().files();
        for (int i = 0; i < entries.size(); i++) {
            Path file = files.get(i);
            if (entries.get(i).padding()) {
                continue;
            }
            if (!Files.isRegularFile(file)) {
                return file + " is missing";
            }
            if (Files.size(file) != entries.get(i).length()) {
                return file + " has " + bytes(Files.size(file)) + ", the torrent says "
                        + bytes(entries.get(i).length());
            }
        }
        return null;
    }

    private List<Integer> verify(Metainfo metainfo, List<Path> files, Path torrentFile) throws IOException {
        log.info("checking {} against {} ({})", metainfo.info().name(), torrentFile,
                bytes(metainfo.info().totalLength()));
        StorageLayout layout = StorageLayout.of(metainfo.info());
        try (PieceStore store = PieceStore.open(root, files, layout, false)) {
            return PieceHasher.mismatches(store, layout, metainfo.info(), progress(metainfo.info().name()));
        }
    }

    private void serveNew(Path data) throws IOException {
        Path torrentFile = data.resolveSibling(data.getFileName() + SeedCatalog.TORRENT_SUFFIX);
        Metainfo metainfo;
        try {
            if (!TorrentFiles.holdsData(data)) {
                skip(data + ": " + TorrentFiles.EMPTY_DATA);
                return;
            }
            long size = TorrentFiles.totalSize(data);
            log.info("hashing {} ({})", data, bytes(size));
            metainfo = TorrentWriter.create(data, new TorrentWriter.Options(announce, pin.hex(),
                    PieceLengths.choose(size), null, false, null), progress(data.getFileName().toString()));
        } catch (IllegalArgumentException | IOException e) {
            refuse(data + ": " + e.getMessage());
            return;
        }
        TorrentWriter.write(metainfo, torrentFile);
        List<Path> files = files(metainfo);
        state.recordVerified(torrentFile, metainfo.infoHash(), root, onDisk(metainfo, files));
        log.info("wrote {} (info hash {}, pieces: {} of {} bytes)", torrentFile, metainfo.infoHash().hex(),
                metainfo.info().pieceCount(), metainfo.info().pieceLength());
        add(metainfo, data, torrentFile, files);
    }

    private void add(Metainfo metainfo, Path data, Path torrentFile, List<Path> files) throws IOException {
        StorageLayout layout = StorageLayout.of(metainfo.info());
        PieceStore store = PieceStore.open(root, files, layout, false);
        SeededTorrent torrent = new SeededTorrent(metainfo, data, torrentFile, layout, store);
        SeededTorrent clash = served.putIfAbsent(torrent.infoHash().hex(), torrent);
        if (clash != null) {
            log.warn("{} has the same info hash as {}; serving the first", torrentFile, clash.torrentFile());
            store.close();
        }
    }

    private static HashProgress progress(String name) {
        long[] lastReport = {System.nanoTime()};
        return (done, total) -> {
            long now = System.nanoTime();
            if (now - lastReport[0] >= PROGRESS_EVERY_NANOS) {
                lastReport[0] = now;
                log.info("hashing {}: {}%", name, total == 0 ? 100 : done * 100 / total);
            }
        };
    }

    private static String bytes(long n) {
        return n == 1 ? "1 byte" : n + " bytes";
    }
}
