package dev.qtorrent.tracker.seed;

import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.storage.PieceStore;
import dev.qtorrent.common.tls.Fingerprint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 */
public final class SeedCatalog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SeedCatalog.class);
    public static final String TORRENT_SUFFIX = ".torrent";
    static final String GREETING_NAME = "hello_world.txt";
    static final String GREETING = "Hello World!";

    private final Path folder;
    private final Map<String, SeededTorrent> byInfoHash;
    private final Map<String, TrackedTorrent> tracked;
    private final List<String> problems;

    SeedCatalog(Path folder, Map<String, SeededTorrent> byInfoHash, Map<String, TrackedTorrent> tracked,
                        List<String> problems) {
        this.folder = folder;
        this.byInfoHash = byInfoHash;
        this.tracked = tracked;
        this.problems = problems;
    }

    /**
     * Scans {@code folder} and opens every torrent it will serve.
     *
     * @param announce the tracker URL written into its own torrents, e.g. {@code quic://tracker.example:7001}
     * @param pin      the tracker certificate's fingerprint written into its own torrents
     */
    public static SeedCatalog open(Path folder, String announce, Fingerprint pin) throws IOException {
        return new SeedScan(folder, announce, pin).run();
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

    /** A torrent tracked without its data, by info hash. */
    public Optional<TrackedTorrent> findTracked(String infoHashHex) {
        return Optional.ofNullable(tracked.get(infoHashHex));
    }

    /** The torrents tracked without their data. */
    public List<TrackedTorrent> tracked() {
        return List.copyOf(tracked.values());
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
        return problems;
    }

    @Override
    public void close() {
        byInfoHash.values().forEach(t -> closeQuietly(t.store()));
    }

    static void closeQuietly(PieceStore store) {
        try {
            store.close();
        } catch (IOException | RuntimeException e) {
            log.debug("closing {} failed", store, e);
        }
    }
}
