package dev.qtorrent.client.download;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.ErrorResponse;
import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.PieceRequest;
import dev.qtorrent.common.message.Response;
import dev.qtorrent.common.metainfo.InfoDictionary;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.quic.CertificatePinException;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.quic.NodeUnreachableException;
import dev.qtorrent.common.storage.PieceStore;
import dev.qtorrent.common.storage.StorageLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads one torrent over a tracker connection: several pieces in flight on parallel streams, every piece checked
 * against its SHA-1 before it counts, failed pieces fetched again up to a limit. Bytes go to {@code <output>.part},
 * which becomes {@code <output>} only when every piece is verified and on disk.
 *
 * <p>Interruptions lose little: pieces on disk are recorded beside the part file ({@link ProgressRecord}), and a
 * later run rechecks them and fetches only the rest. A lost connection (tracker restarted, network gone) is
 * re-established at once and then with short, growing pauses; pieces cut off by it do not count as failed attempts.
 */
public final class Downloader {
    private static final Logger log = LoggerFactory.getLogger(Downloader.class);
    private static final String PEER_ID_PREFIX = "-QT0100-";
    private static final long PROGRESS_SAVE_NANOS = 500_000_000L;
    /** How long a leaving download waits for the tracker to take its stopped announce. */
    private static final Duration LEAVE_WAIT = Duration.ofSeconds(2);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    /** The longest pause a busy node's retry-after may impose on the download before it asks again. */
    private static final long MAX_BUSY_MS = 10_000;
    /**
     * Pauses stay short so that a restarted tracker is reached within about two seconds of listening: the pause plus
     * one try's wait ({@link #tryTimeout}) bound the delay.
     */
    private static final Duration MAX_BACKOFF = Duration.ofMillis(500);
    /**
     * A try at reconnecting waits this long, plus some round trips to the tracker. While the tracker is down, the
     * try's first packet is lost and QUIC sends it again only after about a second, then after three; a try that
     * waited long would find a tracker back within a second only by chance, while a new try finds it at once.
     */
    private static final Duration MIN_TRY = Duration.ofMillis(1500);
    private static final int TRY_ROUND_TRIPS = 8;
    private static final Duration MAX_TRY = Duration.ofSeconds(10);

    /** Opens a new connection to the tracker, waiting at most {@code timeout} for it. */
    @FunctionalInterface
    public interface Connector {
        NodeConnection connect(Duration timeout) throws IOException, InterruptedException;
    }

    private final Connector connector;
    private final Metainfo metainfo;
    private final DownloadTarget target;
    private final Options options;
    private final DownloadListener listener;
    private final Sharing sharing;
    private boolean staysAfter;
    /** Whether the download got as far as being complete, for the {@code left} of the last announce. */
    private boolean finished;
    private final MessageCodec codec = new MessageCodec();
    private final String peerId = newPeerId();
    private NodeConnection connection;

    /**
     * @param parallel        pieces in flight at once
     * @param maxAttempts     attempts per piece before the download fails
     * @param stallTimeout    a piece with no data for this long is abandoned and the connection checked
     * @param reconnectWindow how long to keep trying to reach the tracker again after losing it
     * @param maxBytesPerSecond download rate limit; 0 for none
     */
    public record Options(int parallel, int maxAttempts, Duration stallTimeout, Duration reconnectWindow,
                          long maxBytesPerSecond) {
        public Options {
            if (parallel < 1 || maxAttempts < 1 || maxBytesPerSecond < 0) {
                throw new IllegalArgumentException("parallel and maxAttempts must be at least 1, the rate >= 0");
            }
        }

        public static Options defaults() {
            return new Options(16, 3, Duration.ofSeconds(15), Duration.ofSeconds(60), 0);
        }
    }

    /** What a finished download did. */
    public record Result(Path output, long bytes, int pieces, int retries, int resumed, Duration elapsed) {
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
        this.connector = connector;
        this.connection = connection;
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
            connection.close();
        }
    }

    /**
     * Announces {@code stopped}, briefly and with a stop's interrupt held back, so that the tracker no longer lists
     * this client, whose node goes away with it. A connection already lost is not tried again: the entry expires.
     */
    private void leave() {
        boolean interrupted = Thread.interrupted();
        try {
            if (connection.isActive()) {
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
        Fetch fetch = new Fetch(layout, have, part.progressFile());
        boolean complete = false;
        try (DiskWriter writer = new DiskWriter(store)) {
            try {
                fetch.all(writer);
                writer.flush();
            } catch (IOException e) {
                throw new LocalStorageException(part.path(), e);
            } finally {
                // Whatever happened, record what reached the disk so the next run need not fetch it again.
                sharing.closing();
                finishWriting(writer, fetch, part, store);
            }
            part.moveIntoPlace(target.overwrite());
            complete = true;
            finished = true;
        } finally {
            if (!complete && fetch.persisted() == 0) {
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
        return new Result(target.path(), layout.totalLength(), layout.pieceCount(), fetch.retries,
                have.cardinality(), Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * Lets the disk thread finish what it has queued, records it and closes the part file. A stop's interrupt is
     * held back meanwhile, since waiting for the disk thread would otherwise end at once and lose the record.
     */
    private static void finishWriting(DiskWriter writer, Fetch fetch, PartFile part, PieceStore store)
            throws LocalStorageException, InterruptedException {
        boolean interrupted = Thread.interrupted();
        try {
            writer.close();
            fetch.saveProgress(true);
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

    /** The fetching of the missing pieces, with its bookkeeping. */
    private final class Fetch {
        private final StorageLayout layout;
        private final BitSet verified;
        private final BitSet onDisk;
        private final Path progressFile;
        private final Queue<Integer> written = new ConcurrentLinkedQueue<>();
        private final RatePacer pace = new RatePacer(options.maxBytesPerSecond());
        private long lastSave;
        private boolean dirty;
        int retries;

        Fetch(StorageLayout layout, BitSet have, Path progressFile) {
            this.layout = layout;
            this.verified = (BitSet) have.clone();
            this.onDisk = (BitSet) have.clone();
            this.progressFile = progressFile;
        }

        int persisted() {
            drainWritten();
            return onDisk.cardinality();
        }

        void all(DiskWriter writer) throws DownloadException, InterruptedException {
            int count = layout.pieceCount();
            int[] attempts = new int[count];
            Queue<Integer> todo = new ArrayDeque<>();
            for (int i = verified.nextClearBit(0); i < count; i = verified.nextClearBit(i + 1)) {
                todo.add(i);
            }
            BlockingQueue<PieceFetch.Outcome> outcomes = new LinkedBlockingQueue<>();
            long busyUntil = System.nanoTime();
            int inFlight = 0;
            boolean reconnect = false;
            String lostBecause = null;
            long verifiedBytes = bytes(verified);
            listener.progress(verifiedBytes, layout.totalLength());
            while (verified.cardinality() < count) {
                if (reconnect && inFlight == 0) {
                    reconnect(lostBecause);
                    reconnect = false;
                }
                long wait = 200;
                long busyFor = busyUntil - System.nanoTime();
                if (busyFor > 0) {
                    wait = Math.max(1, Math.min(wait, TimeUnit.NANOSECONDS.toMillis(busyFor)));
                }
                while (!reconnect && busyFor <= 0 && inFlight < options.parallel() && !todo.isEmpty()) {
                    long early = pace.nanosUntilNext();
                    if (early > 0) {
                        wait = Math.max(1, Math.min(wait, TimeUnit.NANOSECONDS.toMillis(early)));
                        break;
                    }
                    int index = todo.poll();
                    attempts[index]++;
                    pace.started(layout.pieceSize(index));
                    start(index, attempts[index], writer, outcomes);
                    inFlight++;
                }
                PieceFetch.Outcome outcome = outcomes.poll(wait, TimeUnit.MILLISECONDS);
                if (writer.failure() != null) {
                    throw new LocalStorageException(PartFile.pathFor(target.path().toAbsolutePath()),
                            writer.failure());
                }
                saveProgress(false);
                if (outcome == null) {
                    if (!reconnect && !connection.isActive()) {
                        reconnect = true;
                        lostBecause = "the connection closed";
                    }
                    continue;
                }
                inFlight--;
                int index = outcome.index();
                switch (outcome.kind()) {
                    case DONE -> {
                        verified.set(index);
                        verifiedBytes += layout.pieceSize(index);
                        listener.progress(verifiedBytes, layout.totalLength());
                        writer.afterQueuedWrites(() -> {
                            written.add(index);
                            sharing.stored(index);
                        });
                        continue;
                    }
                    case BUSY -> {
                        // The node is serving all it can: not the piece's fault, so ask again when it said to.
                        long retry = ((RemoteErrorException) outcome.failure()).retryAfterMs();
                        busyUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.min(retry, MAX_BUSY_MS));
                        attempts[index]--;
                        todo.add(index);
                        continue;
                    }
                    case REFUSED -> throw outcome.failure();
                    case STALLED -> {
                        // Silence on one stream usually means a dead connection that QUIC has not noticed yet.
                        if (!reconnect) {
                            reconnect = true;
                            lostBecause = outcome.failure().getMessage();
                            connection.close();
                        }
                    }
                    default -> {
                        if (!reconnect && !connection.isActive()) {
                            reconnect = true;
                            lostBecause = "the connection closed";
                        }
                    }
                }
                if (reconnect) {
                    // Cut off by the connection, not the piece's fault: the attempt does not count.
                    attempts[index]--;
                    todo.add(index);
                    continue;
                }
                listener.pieceFailed(index, outcome.attempt(), outcome.failure().getMessage());
                log.warn("attempt {} of piece {} failed: {}", outcome.attempt(), index,
                        outcome.failure().getMessage());
                if (attempts[index] >= options.maxAttempts()) {
                    throw new VerificationException("piece " + index + " failed " + options.maxAttempts()
                            + " times; last: " + outcome.failure().getMessage());
                }
                retries++;
                todo.add(index);
            }
        }

        private void start(int index, int attempt, DiskWriter writer, BlockingQueue<PieceFetch.Outcome> outcomes) {
            String infoHash = metainfo.infoHash().hex();
            PieceFetch fetch = new PieceFetch(codec, infoHash, index, attempt, layout.pieceOffset(index),
                    layout.pieceSize(index), metainfo.info().pieceHash(index),
                    connection.settings().maxResponseHeaderBytes(), options.stallTimeout(), writer, outcomes::add);
            connection.send(codec.encodeRequest(new PieceRequest(infoHash, index)), true, fetch);
        }

        private void drainWritten() {
            Integer index;
            while ((index = written.poll()) != null) {
                onDisk.set(index);
                dirty = true;
            }
        }

        /** Records the pieces on disk, at most twice a second unless {@code now}. */
        void saveProgress(boolean now) {
            drainWritten();
            long time = System.nanoTime();
            if (!dirty || !now && time - lastSave < PROGRESS_SAVE_NANOS || onDisk.isEmpty()) {
                return;
            }
            try {
                ProgressRecord.of(metainfo, onDisk).write(progressFile);
                dirty = false;
                lastSave = time;
            } catch (IOException e) {
                log.warn("cannot record progress in {}: {}", progressFile, e.getMessage());
            }
        }

        private long bytes(BitSet pieces) {
            long total = 0;
            for (int i = pieces.nextSetBit(0); i >= 0; i = pieces.nextSetBit(i + 1)) {
                total += layout.pieceSize(i);
            }
            return total;
        }
    }

    /** Replaces a lost connection, waiting longer after each failed try, within the reconnect window. */
    private void reconnect(String reason) throws DownloadException, InterruptedException {
        connection.close();
        long deadline = System.nanoTime() + options.reconnectWindow().toNanos();
        Duration delay = FIRST_BACKOFF;
        Duration tryTimeout = tryTimeout(connection.rtt());
        Exception last = null;
        while (true) {
            log.warn("lost the tracker {} ({}); reconnecting in {} ms", connection.address(), reason,
                    delay.toMillis());
            listener.reconnecting(connection.address(), reason, delay);
            Thread.sleep(delay.toMillis());
            try {
                NodeConnection fresh = connector.connect(tryTimeout);
                connection = fresh;
                announce(AnnounceRequest.Event.STARTED, 0);
                log.info("reconnected to {}", fresh.address());
                return;
            } catch (CertificatePinException e) {
                throw new DownloadException(e.getMessage(), e);
            } catch (IOException | DownloadException e) {
                if (e instanceof RemoteErrorException remote) {
                    throw remote;
                }
                last = e;
                reason = e.getMessage();
            }
            if (System.nanoTime() > deadline) {
                throw new DownloadException("lost the tracker " + connection.address() + " and could not reach it "
                        + "again within " + options.reconnectWindow().toSeconds() + " s: " + reason,
                        new NodeUnreachableException(reason, last));
            }
            delay = delay.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay.multipliedBy(2);
        }
    }

    /** Long enough for a handshake (with its Retry) even to a distant tracker, whose round trip is {@code rtt}. */
    static Duration tryTimeout(Duration rtt) {
        Duration timeout = MIN_TRY.plus(rtt.multipliedBy(TRY_ROUND_TRIPS));
        return timeout.compareTo(MAX_TRY) > 0 ? MAX_TRY : timeout;
    }

    private AnnounceResponse announce(AnnounceRequest.Event event, long left) throws DownloadException,
            InterruptedException {
        return announce(event, left, options.stallTimeout());
    }

    private AnnounceResponse announce(AnnounceRequest.Event event, long left, Duration wait)
            throws DownloadException, InterruptedException {
        AnnounceRequest request = new AnnounceRequest(metainfo.infoHash().hex(), peerId, sharing.port(),
                sharing.uploaded(),
                event == AnnounceRequest.Event.COMPLETED ? metainfo.info().totalLength() : 0, left, event);
        Response response;
        try {
            // A tracker answers an announce at once; one that stays silent is as good as gone.
            response = connection.exchange(request).get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw TrackerFailures.failed("announce to " + connection.address(), e.getCause());
        } catch (TimeoutException e) {
            throw TrackerFailures.noAnswer(connection.address(), "announce", wait);
        }
        if (response instanceof ErrorResponse error) {
            throw new RemoteErrorException(error);
        }
        if (response instanceof AnnounceResponse answer) {
            sharing.announced(answer);
            return answer;
        }
        throw new DownloadException("unexpected answer to announce: " + response);
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
