package dev.qtorrent.tracker.seed;

import dev.qtorrent.common.metainfo.FileEntry;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.metainfo.MetainfoException;
import dev.qtorrent.common.metainfo.PieceLengths;
import dev.qtorrent.common.metainfo.SafePath;
import dev.qtorrent.common.metainfo.TorrentFiles;
import dev.qtorrent.common.storage.HashProgress;
import dev.qtorrent.common.storage.PieceHasher;
import dev.qtorrent.common.storage.PieceStore;
import dev.qtorrent.common.storage.StorageLayout;
import dev.qtorrent.common.storage.TorrentWriter;
import dev.qtorrent.common.tls.Fingerprint;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, for one entry of the seed folder at a time, what is served, what is only tracked and what is reported,
 * and writes the tracker's own torrents; puts the result in the {@link SeedCatalog}. Logs as the catalog, whose work
 * it is. Used by one {@link SeedRefresh} pass at a time.
 */
final class SeedScan {
    private static final Logger log = LoggerFactory.getLogger(SeedCatalog.class);
    private static final long PROGRESS_EVERY_NANOS = 2_000_000_000L;

    private final SeedCatalog catalog;
    private final Path folder;
    private final Path root;
    private final String announce;
    private final Fingerprint pin;
    private final SeedState state;

    /**
     * What looking at one entry came to.
     *
     * @param name     the name of the torrent's data (a file or folder in the seed folder), or null
     * @param claims   whether the entry accounts for that data, so that no torrent of the tracker's own is written
     *                 for it
     * @param added    the info hash now served or tracked from the entry, or null
     * @param served   whether {@code added} is served (rather than only tracked)
     * @param ours     whether the torrent is one the tracker wrote
     * @param deferred whether the entry was left for later because its data is still changing
     */
    record Outcome(String name, boolean claims, String added, boolean served, boolean ours, boolean deferred) {
        static final Outcome NOTHING = new Outcome(null, false, null, false, false, false);
        static final Outcome DEFERRED = new Outcome(null, false, null, false, false, true);

        static Outcome claims(String name) {
            return new Outcome(name, true, null, false, false, false);
        }
    }

    SeedScan(SeedCatalog catalog, String announce, Fingerprint pin) {
        this.catalog = catalog;
        this.folder = catalog.folder();
        this.root = folder.toAbsolutePath().normalize();
        this.announce = announce;
        this.pin = pin;
        this.state = new SeedState(root);
    }

    SeedState state() {
        return state;
    }

    static boolean skipped(String name) {
        return name.startsWith(".") || name.endsWith(".part") || name.endsWith(".tmp");
    }

    /**
     * Serves a torrent file found in the folder if its data is there, or tracks it; the outcome names the data the
     * torrent accounts for, so no second torrent is written for the same data.
     *
     * @param data     the data entries that are there and have stopped changing
     * @param changing the entries still changing: a torrent whose data is one of them waits
     */
    Outcome serveExisting(Path torrentFile, List<Path> data, Set<Path> changing) throws IOException {
        catalog.clearProblem(torrentFile);
        Metainfo metainfo;
        try {
            metainfo = Metainfo.load(torrentFile);
        } catch (MetainfoException e) {
            if (ownName(torrentFile, data).isPresent()) {
                // At our own naming spot and unreadable: ours, damaged; a new one replaces it.
                log.warn("{} is not a valid torrent ({}); writing a new one", torrentFile, e.getMessage());
            } else {
                refuse(torrentFile, torrentFile + ": " + e.getMessage());
            }
            return Outcome.NOTHING;
        }
        String name = metainfo.info().name();
        Path dataPath = folder.resolve(name);
        if (changing.contains(dataPath)) {
            return Outcome.DEFERRED;
        }
        if (metainfo.info().totalLength() == 0) {
            // Such a torrent is unusable elsewhere, and there is nothing to serve; no new one replaces it either.
            skip(torrentFile, torrentFile + ": " + TorrentFiles.EMPTY_DATA);
            return Outcome.claims(name);
        }
        boolean ours = OwnTorrent.isOwn(metainfo, torrentFile);
        if (!data.contains(dataPath)) {
            return track(metainfo, ours, torrentFile, "no data here", false);
        }
        List<Path> files = files(metainfo);
        String layoutProblem = layoutProblem(metainfo, files);
        if (layoutProblem == null && state.unchanged(torrentFile, metainfo.infoHash(), root, onDisk(metainfo, files))) {
            return serve(metainfo, ours, dataPath, torrentFile, files, "data unchanged since it was last checked");
        }
        if (layoutProblem == null) {
            List<Integer> bad = verify(metainfo, files, torrentFile);
            if (bad.isEmpty()) {
                state.recordVerified(torrentFile, metainfo.infoHash(), root, onDisk(metainfo, files));
                return serve(metainfo, ours, dataPath, torrentFile, files, "data checked: every piece matches");
            }
            layoutProblem = bad.size() + " of " + metainfo.info().pieceCount() + " pieces do not match (first: "
                    + "piece " + bad.get(0) + ")";
        }
        if (ours) {
            log.info("{} changed since its torrent was written ({}); hashing it again", dataPath, layoutProblem);
            state.forget(torrentFile);
            return Outcome.NOTHING;
        }
        refuse(torrentFile, torrentFile + ": its data does not match: " + layoutProblem);
        return track(metainfo, false, torrentFile, "its data here does not match", true);
    }

    /**
     * Tracks a torrent whose pieces the tracker cannot serve. Its own torrents still follow the tracker's address
     * and pin, since peers announce them here.
     */
    private Outcome track(Metainfo metainfo, boolean ours, Path torrentFile, String why, boolean claims)
            throws IOException {
        OwnTorrent current = ours ? OwnTorrent.retag(metainfo, torrentFile, announce, pin)
                : new OwnTorrent(metainfo, "");
        TrackedTorrent torrent = new TrackedTorrent(current.metainfo(), torrentFile, why);
        if (!catalog.track(torrent)) {
            log.warn("{} has the same info hash as {}; tracking the first", torrentFile,
                    catalog.findTracked(torrent.infoHash().hex()).map(TrackedTorrent::torrentFile).orElse(null));
            return new Outcome(metainfo.info().name(), claims, null, false, ours, false);
        }
        log.info("{}: {}; tracking it without serving its pieces (info hash {}{})", torrentFile, why,
                torrent.infoHash().hex(), current.change().isEmpty() ? "" : "; rewrote its " + current.change());
        return new Outcome(metainfo.info().name(), claims, torrent.infoHash().hex(), false, ours, false);
    }

    /**
     * Serves a torrent found in the folder, first bringing the tracker's own ones up to its address and pin, and
     * logs one line saying why it is served and what changed.
     */
    private Outcome serve(Metainfo metainfo, boolean ours, Path dataPath, Path torrentFile, List<Path> files,
                          String why) throws IOException {
        OwnTorrent current = ours ? OwnTorrent.retag(metainfo, torrentFile, announce, pin)
                : new OwnTorrent(metainfo, "");
        boolean rewritten = !current.change().isEmpty();
        log.info("{}: {}{}; serving it (info hash {}{})", torrentFile, why,
                rewritten ? "; rewrote its " + current.change() : "", metainfo.infoHash().hex(),
                rewritten ? ", unchanged" : "");
        return add(current.metainfo(), dataPath, torrentFile, files, ours);
    }

    /** Something in the folder that should have been served and is not. */
    private void refuse(Path entry, String problem) {
        log.error("not serving {}", problem);
        catalog.problem(entry, problem);
    }

    /** Something in the folder that cannot be served, by its nature rather than by a fault. */
    private void skip(Path entry, String reason) {
        log.warn("not serving {}", reason);
        catalog.problem(entry, reason);
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

    /** Hashes {@code data} and writes and serves a torrent of the tracker's own for it. */
    Outcome serveNew(Path data) throws IOException {
        catalog.clearProblem(data);
        Path torrentFile = data.resolveSibling(data.getFileName() + SeedCatalog.TORRENT_SUFFIX);
        Metainfo metainfo;
        try {
            if (!TorrentFiles.holdsData(data)) {
                skip(data, data + ": " + TorrentFiles.EMPTY_DATA);
                return Outcome.NOTHING;
            }
            long size = TorrentFiles.totalSize(data);
            log.info("hashing {} ({})", data, bytes(size));
            metainfo = TorrentWriter.create(data, new TorrentWriter.Options(announce, pin.hex(),
                    PieceLengths.choose(size), null, false, null), progress(data.getFileName().toString()));
        } catch (IllegalArgumentException | IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                // The tracker is stopping: nothing is wrong with the data.
                log.info("stopped hashing {}", data);
                return Outcome.DEFERRED;
            }
            refuse(data, data + ": " + why(e, data));
            return Outcome.NOTHING;
        }
        TorrentWriter.write(metainfo, torrentFile);
        List<Path> files = files(metainfo);
        state.recordVerified(torrentFile, metainfo.infoHash(), root, onDisk(metainfo, files));
        log.info("wrote {} (info hash {}, pieces: {} of {} bytes)", torrentFile, metainfo.infoHash().hex(),
                metainfo.info().pieceCount(), metainfo.info().pieceLength());
        return add(metainfo, data, torrentFile, files, true);
    }

    private Outcome add(Metainfo metainfo, Path data, Path torrentFile, List<Path> files, boolean ours)
            throws IOException {
        StorageLayout layout = StorageLayout.of(metainfo.info());
        PieceStore store = PieceStore.open(root, files, layout, false);
        SeededTorrent torrent = new SeededTorrent(metainfo, data, torrentFile, layout, store);
        String name = metainfo.info().name();
        if (!catalog.serve(torrent)) {
            log.warn("{} has the same info hash as {}; serving the first", torrentFile,
                    catalog.find(torrent.infoHash().hex()).map(SeededTorrent::torrentFile).orElse(null));
            store.close();
            return Outcome.claims(name);
        }
        return new Outcome(name, true, torrent.infoHash().hex(), true, ours, false);
    }

    /** Says what went wrong reading {@code entry}, without repeating its name, and what to do about it. */
    static String why(Exception e, Path entry) {
        if (e instanceof AccessDeniedException denied) {
            return "permission denied" + (entry.toString().equals(denied.getFile()) ? "" : " on " + denied.getFile())
                    + " (fix it, then rescan with SIGHUP)";
        }
        if (e instanceof NoSuchFileException gone) {
            return gone.getFile() + " vanished while it was read";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return (entry.toString().equals(fs.getFile()) ? "" : fs.getFile() + ": ") + fs.getReason();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
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
