package dev.qtorrent.client.download;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.metainfo.InfoDictionary;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.storage.PieceStore;
import dev.qtorrent.common.storage.StorageLayout;
import dev.qtorrent.common.tls.NodeIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.BitSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads one torrent from its swarm: the peers its tracker lists and, for the pieces no peer holds, the tracker
 * itself when it seeds the torrent ({@link SwarmFetch}). Every piece is checked against its SHA-1 before it counts.
 * Bytes go to {@code <output>.part}, which becomes {@code <output>} only when every piece is verified and on disk.
 *
 * <p>Interruptions lose little: pieces on disk are recorded beside the part file ({@link ProgressRecord}), and a
 * later run rechecks them and fetches only the rest. A lost tracker is reached again in the background
 * ({@link TrackerLink}); pieces cut off by a lost connection do not count as failed attempts.
 */
public final class Downloader {
    private static final Logger log = LoggerFactory.getLogger(Downloader.class);
    private static final String PEER_ID_PREFIX = "-QT0100-";
    /** How long a leaving download waits for the tracker to take its stopped announce. */
    private static final Duration LEAVE_WAIT = Duration.ofSeconds(2);

    /** Opens a new connection to the tracker, waiting at most {@code timeout} for it. */
    @FunctionalInterface
    public interface Connector {
        NodeConnection connect(Duration timeout) throws IOException, InterruptedException;
    }

    private final Metainfo metainfo;
    private final DownloadTarget target;
    private final Options options;
    private final DownloadListener listener;
    private final Sharing sharing;
    private boolean staysAfter;
    /** Whether the download got as far as being complete, for the {@code left} of the last announce. */
    private boolean finished;
    private final String peerId = newPeerId();
    private final TrackerLink tracker;
    private NodeIdentity identity;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private long downloaded;

    /**
     * @param parallel        pieces in flight at once
     * @param maxAttempts     attempts per piece before the download fails
     * @param stallTimeout    a piece with no data for this long is abandoned and the connection checked
     * @param reconnectWindow how long to keep trying to reach the tracker again after losing it
     * @param maxBytesPerSecond download rate limit; 0 for none
     * @param maxPeers          peers to download from at once, besides the tracker
     */
    public record Options(int parallel, int maxAttempts, Duration stallTimeout, Duration reconnectWindow,
                          long maxBytesPerSecond, int maxPeers) {
        /** BEP 3 clients commonly keep about 30 peers per torrent. */
        public static final int DEFAULT_PEERS = 30;

        public Options {
            if (parallel < 1 || maxAttempts < 1 || maxBytesPerSecond < 0 || maxPeers < 0) {
                throw new IllegalArgumentException("parallel and maxAttempts must be at least 1, the rate and the "
                        + "peers >= 0");
            }
        }

        public Options(int parallel, int maxAttempts, Duration stallTimeout, Duration reconnectWindow,
                       long maxBytesPerSecond) {
            this(parallel, maxAttempts, stallTimeout, reconnectWindow, maxBytesPerSecond, DEFAULT_PEERS);
        }

        public static Options defaults() {
            return new Options(16, 3, Duration.ofSeconds(15), Duration.ofSeconds(60), 0);
        }
    }

    /**
     * What a finished download did.
     *
     * @param fromPeers the bytes of verified pieces that came from peers rather than the tracker
     */
    public record Result(Path output, long bytes, int pieces, int retries, int resumed, Duration elapsed,
                         long fromPeers) {
    }

    /**
     * @param connector  opens connections to the tracker when the first one is lost
     * @param connection the first connection; the downloader closes it, and any later one, when done
     */
    public Downloader(Connector connector, NodeConnection connection, Metainfo metainfo, DownloadTarget target,
                      Options options, DownloadListener listener) {
        this(connector, connection, metainfo, target, options, listener, Sharing.NONE);
    }

    /** @param sharing the client's node, which serves the pieces on disk while the download runs */
    public Downloader(Connector connector, NodeConnection connection, Metainfo metainfo, DownloadTarget target,
                      Options options, DownloadListener listener, Sharing sharing) {
        this.sharing = sharing;
        this.tracker = new TrackerLink(connector, connection, options.reconnectWindow());
        this.metainfo = metainfo;
        this.target = target;
        this.options = options;
        this.listener = listener;
    }

    /**
     * Says that the client stays to seed once the download is done, under the same peer id, so the download does not
     * announce {@code stopped} when it ends; by default it does, so that the tracker stops listing a peer that left.
     */
    public Downloader staysAfter(boolean stays) {
        this.staysAfter = stays;
        return this;
    }

    /**
     * Downloads from peers too, presenting {@code identity} to them, each handshake waiting at most
     * {@code connectTimeout}; without an identity the download uses the tracker only, since peers serve only nodes
     * that present one.
     */
    public Downloader peers(NodeIdentity identity, Duration connectTimeout) {
        this.identity = identity;
        this.connectTimeout = connectTimeout;
        return this;
    }

    /** The peer id this download announces, which a seed that follows it keeps. */
    public String peerId() {
        return peerId;
    }

    public static Path partFile(Path output) {
        return PartFile.pathFor(output);
    }

    /**
     * Downloads into the part file and renames it into place when every piece is verified.
     *
     * @throws DownloadStoppedException if the thread was interrupted (Ctrl-C): progress is saved first
     */
    public Result run() throws DownloadException {
        long started = System.nanoTime();
        PartFile part = new PartFile(target.path().toAbsolutePath(), metainfo.info());
        try {
            return download(part, started);
        } catch (InterruptedException e) {
            throw stopped(part);
        } catch (DownloadException e) {
            if (DownloadStoppedException.isStop(e)) {
                throw stopped(part);
            }
            int kept = part.recordedPieces(metainfo);
            if (kept > 0) {
                log.info("kept {} of {} pieces in {}; the same command resumes", kept, metainfo.info().pieceCount(),
                        part.path());
                listener.kept(part.path(), kept, metainfo.info().pieceCount());
            }
            throw e;
        } finally {
            if (!staysAfter) {
                leave();
            }
            tracker.close();
        }
    }

    /**
     * Announces {@code stopped}, briefly and with a stop's interrupt held back, so that the tracker no longer lists
     * this client, whose node goes away with it. A connection already lost is not tried again: the entry expires.
     */
    private void leave() {
        boolean interrupted = Thread.interrupted();
        try {
            if (tracker.connection().isActive() && !tracker.reconnecting()) {
                announce(AnnounceRequest.Event.STOPPED, finished ? 0 : metainfo.info().totalLength(), LEAVE_WAIT);
            }
        } catch (DownloadException | InterruptedException e) {
            log.info("stopped announce failed: {}", e.getMessage());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Result download(PartFile part, long started) throws DownloadException, InterruptedException {
        InfoDictionary info = metainfo.info();
        StorageLayout layout = StorageLayout.of(info);
        AnnounceResponse swarm = announce(AnnounceRequest.Event.STARTED, layout.totalLength());
        log.info("announce: {} peers, {} seeds, {} downloading", swarm.peers().size(), swarm.complete(),
                swarm.incomplete());
        PieceStore store = null;
        BitSet have = null;
        try {
            BitSet claimed = part.claimedPieces(metainfo);
            store = part.open(layout);
            have = PieceRecheck.good(store, layout, info, claimed, listener);
            if (!claimed.isEmpty()) {
                int damaged = claimed.cardinality() - have.cardinality();
                log.info("resuming: {} of {} pieces already in {}{}", have.cardinality(), layout.pieceCount(),
                        part.path(), damaged > 0 ? ", " + damaged + " damaged ones fetched again" : "");
                listener.resumed(have.cardinality(), layout.pieceCount(), damaged);
            }
        } catch (IOException e) {
            throw new LocalStorageException(part.path(), e);
        } finally {
            if (have == null && store != null) {
                // Stopped or failed during the recheck: the part file stays as it was, closed.
                part.closeQuietly(store);
            }
        }
        sharing.opened(store, have);
        ProgressBook book = new ProgressBook(metainfo, have, part.progressFile());
        SwarmContext context = new SwarmContext(metainfo, identity == null ? withoutPeers() : options, peerId,
                identity, QuicSettings.defaults(), connectTimeout, listener, sharing, tracker, part.path());
        boolean complete = false;
        SwarmFetch fetch = null;
        try (DiskWriter writer = new DiskWriter(store)) {
            try {
                fetch = new SwarmFetch(context, layout, have, book, writer);
                fetch.all(swarm);
                writer.flush();
            } catch (IOException e) {
                throw new LocalStorageException(part.path(), e);
            } finally {
                // Whatever happened, record what reached the disk so the next run need not fetch it again.
                sharing.closing();
                if (fetch != null) {
                    downloaded = fetch.tally().downloaded();
                    sharing.downloaded(downloaded);
                }
                finishWriting(writer, book, part, store);
            }
            part.moveIntoPlace(target.overwrite());
            complete = true;
            finished = true;
        } finally {
            if (!complete && book.persisted() == 0) {
                part.discard();
            }
        }
        try {
            announce(AnnounceRequest.Event.COMPLETED, 0);
        } catch (DownloadException e) {
            log.info("final announce failed: {}", e.getMessage());
        } catch (InterruptedException e) {
            // Stopped after the download was complete: nothing is lost, so it still counts as done.
            Thread.currentThread().interrupt();
        }
        return new Result(target.path(), layout.totalLength(), layout.pieceCount(), fetch.tally().retries(),
                have.cardinality(), Duration.ofNanos(System.nanoTime() - started), fetch.tally().fromPeers());
    }

    /**
     * Lets the disk thread finish what it has queued, records it and closes the part file. A stop's interrupt is
     * held back meanwhile, since waiting for the disk thread would otherwise end at once and lose the record.
     */
    private static void finishWriting(DiskWriter writer, ProgressBook book, PartFile part, PieceStore store)
            throws LocalStorageException, InterruptedException {
        boolean interrupted = Thread.interrupted();
        try {
            writer.close();
            book.save(true);
            part.close(store);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private DownloadStoppedException stopped(PartFile part) {
        int kept = part.recordedPieces(metainfo);
        log.info("stopped: {} of {} pieces kept in {}", kept, metainfo.info().pieceCount(), part.path());
        return new DownloadStoppedException(part.path(), kept, metainfo.info().pieceCount());
    }

    private Options withoutPeers() {
        return new Options(options.parallel(), options.maxAttempts(), options.stallTimeout(),
                options.reconnectWindow(), options.maxBytesPerSecond(), 0);
    }

    private AnnounceResponse announce(AnnounceRequest.Event event, long left) throws DownloadException,
            InterruptedException {
        return announce(event, left, options.stallTimeout());
    }

    private AnnounceResponse announce(AnnounceRequest.Event event, long left, Duration wait)
            throws DownloadException, InterruptedException {
        AnnounceRequest request = new AnnounceRequest(metainfo.infoHash().hex(), peerId, sharing.port(),
                sharing.uploaded(), event == AnnounceRequest.Event.COMPLETED ? metainfo.info().totalLength()
                : downloaded, left, event);
        AnnounceResponse answer = tracker.announce(request, wait);
        sharing.announced(answer);
        return answer;
    }

    /** A fresh BEP 20 style peer id: the client's prefix and random characters. */
    public static String newPeerId() {
        String alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        SecureRandom random = new SecureRandom();
        StringBuilder id = new StringBuilder(PEER_ID_PREFIX);
        while (id.length() < 20) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }
}
