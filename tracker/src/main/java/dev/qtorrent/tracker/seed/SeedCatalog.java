package dev.qtorrent.tracker.seed;

import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.storage.PieceStore;
import dev.qtorrent.common.tls.Fingerprint;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The torrents the tracker serves or tracks from its seed folder. At start it makes sure the folder exists (with a
 * greeting file when empty), then:
 * <ul>
 *   <li>serves every {@code .torrent} placed in the folder whose data (a file or folder named as the torrent's
 *       {@code name}) sits beside it, under the torrent's own info hash, after checking the data against it;</li>
 *   <li>tracks every other {@code .torrent} without serving its pieces: peers announce it and fetch its info
 *       dictionary, and get its pieces from each other;</li>
 *   <li>writes a torrent of its own ({@code <name>.torrent}, pinned to the tracker's certificate) for every other
 *       file (single-file torrent) and folder (multi-file torrent), and rewrites the ones it wrote before when the
 *       tracker's address or certificate changed.</li>
 * </ul>
 * Data of no bytes is reported and not served: its torrent would have no pieces, which other clients refuse.
 * Data that has not changed since it was last verified is not hashed again. Torrents from elsewhere are never
 * rewritten; one whose data does not match is reported, and tracked like one without data: a copy that does not
 * match is never served.
 *
 * <p>The catalog is live: {@link #refresh(Duration)} (run by a {@link SeedWatcher} when the folder changes, and on
 * SIGHUP) looks at the folder again, serves what was added once it has stopped changing, and withdraws at once what was
 * removed or changed. Its maps are concurrent, so the event loops read it while a refresh changes it.
 */
public final class SeedCatalog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SeedCatalog.class);
    public static final String TORRENT_SUFFIX = ".torrent";
    static final String GREETING_NAME = "hello_world.txt";
    static final String GREETING = "Hello World!";

    private final Path folder;
    private final Map<String, SeededTorrent> byInfoHash = new ConcurrentHashMap<>();
    private final Map<String, TrackedTorrent> tracked = new ConcurrentHashMap<>();
    /** Why each entry of the folder (a .torrent or data) is not served, by the entry's path. */
    private final Map<Path, String> problems = new ConcurrentHashMap<>();
    private final SeedRefresh refresher;

    private SeedCatalog(Path folder, String announce, Fingerprint pin) {
        this.folder = folder;
        this.refresher = new SeedRefresh(this, announce, pin);
    }

    /**
     * Scans {@code folder} and opens every torrent it will serve.
     *
     * @param announce the tracker URL written into its own torrents, e.g. {@code quic://tracker.example:7001}
     * @param pin      the tracker certificate's fingerprint written into its own torrents
     */
    public static SeedCatalog open(Path folder, String announce, Fingerprint pin) throws IOException {
        SeedCatalog catalog = new SeedCatalog(folder, announce, pin);
        try {
            catalog.refresher.start();
        } catch (IOException | RuntimeException e) {
            catalog.close();
            throw e;
        }
        return catalog;
    }

    /**
     * Looks at the folder again: withdraws the torrents whose data or .torrent was removed or changed, and hashes and
     * serves what was added or changed and has stayed unchanged for the quiet period. Runs on the caller's thread
     * (never an event loop: hashing takes time) and one at a time.
     *
     * @param quiet how long a new or changed entry must have looked the same (size and modification times) before
     *              it is hashed
     * @return whether some entry is still changing, so another refresh after the quiet period is needed
     */
    public boolean refresh(Duration quiet) {
        return refresher.run(false, quiet);
    }

    /** As {@link #refresh(Duration)}, and tries again the entries that failed before even if they look unchanged. */
    public boolean rescan(Duration quiet) {
        return refresher.run(true, quiet);
    }

    public Path folder() {
        return folder;
    }

    public Optional<SeededTorrent> find(String infoHashHex) {
        return Optional.ofNullable(byInfoHash.get(infoHashHex));
    }

    /** The torrents served now, by .torrent path. */
    public List<SeededTorrent> torrents() {
        return byInfoHash.values().stream().sorted(Comparator.comparing(SeededTorrent::torrentFile)).toList();
    }

    /** A torrent tracked without its data, by info hash. */
    public Optional<TrackedTorrent> findTracked(String infoHashHex) {
        return Optional.ofNullable(tracked.get(infoHashHex));
    }

    /** The torrents tracked without their data now, by .torrent path. */
    public List<TrackedTorrent> tracked() {
        return tracked.values().stream().sorted(Comparator.comparing(TrackedTorrent::torrentFile)).toList();
    }

    /** The metainfo of any torrent this tracker knows, served or only tracked. */
    public Optional<Metainfo> metainfo(String infoHashHex) {
        SeededTorrent served = byInfoHash.get(infoHashHex);
        if (served != null) {
            return Optional.of(served.metainfo());
        }
        return findTracked(infoHashHex).map(TrackedTorrent::metainfo);
    }

    /** Torrents found but not served, each with the reason (one tracked for a mismatching copy included). */
    public List<String> problems() {
        return problems.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue).toList();
    }

    /** Serves {@code torrent}; false (and nothing changes) when a torrent with its info hash is served already. */
    boolean serve(SeededTorrent torrent) {
        return byInfoHash.putIfAbsent(torrent.infoHash().hex(), torrent) == null;
    }

    /** Tracks {@code torrent}; false when a torrent with its info hash is tracked already. */
    boolean track(TrackedTorrent torrent) {
        return tracked.putIfAbsent(torrent.infoHash().hex(), torrent) == null;
    }

    /**
     * Stops serving or tracking the torrent with this info hash. Pieces being sent from it end with an error:
     * its reads fail from now on, and its files are closed.
     */
    void withdraw(String infoHashHex) {
        SeededTorrent served = byInfoHash.remove(infoHashHex);
        if (served != null) {
            served.withdraw();
        }
        tracked.remove(infoHashHex);
    }

    void problem(Path entry, String problem) {
        problems.put(entry, problem);
    }

    /** Forgets the problems of entries no longer in the folder. */
    void retainProblems(java.util.Set<Path> entries) {
        problems.keySet().retainAll(entries);
    }

    void clearProblem(Path entry) {
        problems.remove(entry);
    }

    @Override
    public void close() {
        byInfoHash.values().forEach(SeededTorrent::withdraw);
    }

    static void closeQuietly(PieceStore store) {
        try {
            store.close();
        } catch (IOException | RuntimeException e) {
            log.debug("closing {} failed", store, e);
        }
    }
}
