package dev.qtorrent.client.download;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.ErrorResponse;
import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.PieceRequest;
import dev.qtorrent.common.message.Response;
import dev.qtorrent.common.metainfo.FileEntry;
import dev.qtorrent.common.metainfo.InfoDictionary;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.metainfo.SafePath;
import dev.qtorrent.common.quic.TrackerConnection;
import dev.qtorrent.common.quic.TrackerUnreachableException;
import dev.qtorrent.common.storage.PieceStore;
import dev.qtorrent.common.storage.StorageLayout;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads one torrent over a tracker connection: several pieces in flight on parallel streams, every piece checked
 * against its SHA-1 before it counts, failed pieces fetched again up to a limit. Bytes go to {@code <output>.part},
 * which becomes {@code <output>} only when every piece is verified and on disk.
 */
public final class Downloader {
    private static final Logger log = LoggerFactory.getLogger(Downloader.class);
    private static final String PEER_ID_PREFIX = "-QT0100-";

    private final TrackerConnection connection;
    private final Metainfo metainfo;
    private final Path output;
    private final Options options;
    private final DownloadListener listener;
    private final MessageCodec codec = new MessageCodec();
    private final String peerId = newPeerId();

    /**
     * @param parallel     pieces in flight at once
     * @param maxAttempts  attempts per piece before the download fails
     * @param stallTimeout a piece with no data for this long is abandoned and retried
     */
    public record Options(int parallel, int maxAttempts, Duration stallTimeout) {
        public Options {
            if (parallel < 1 || maxAttempts < 1) {
                throw new IllegalArgumentException("parallel and maxAttempts must be at least 1");
            }
        }

        public static Options defaults() {
            return new Options(16, 3, Duration.ofSeconds(30));
        }
    }

    /** What a finished download did. */
    public record Result(Path output, long bytes, int pieces, int retries, Duration elapsed) {
    }

    public Downloader(TrackerConnection connection, Metainfo metainfo, Path output, Options options,
                      DownloadListener listener) {
        this.connection = connection;
        this.metainfo = metainfo;
        this.output = output;
        this.options = options;
        this.listener = listener;
    }

    public static Path partFile(Path output) {
        return output.resolveSibling(output.getFileName() + ".part");
    }

    public Result run() throws DownloadException, InterruptedException {
        long started = System.nanoTime();
        InfoDictionary info = metainfo.info();
        StorageLayout layout = StorageLayout.of(info);
        Path target = output.toAbsolutePath();
        // A single file downloads into <output>.part; a multi-file torrent into the folder <output>.part, whose
        // files already have their final names. Either way one rename makes the complete result appear.
        Path part = partFile(target);
        if (info.isMultiFile() && Files.exists(target)) {
            throw new LocalStorageException(target, new FileAlreadyExistsException(target.toString(), null,
                    "already exists: remove it or choose another output folder"));
        }

        AnnounceResponse swarm = announce(AnnounceRequest.Event.STARTED, layout.totalLength());
        log.info("announce: {} peers, {} seeds, {} downloading", swarm.peers().size(), swarm.complete(),
                swarm.incomplete());

        PieceStore store;
        try {
            Files.createDirectories(target.getParent());
            // A part left by an interrupted run is not trusted: start it afresh.
            deleteRecursively(part);
            store = openStore(info, layout, part);
        } catch (IOException e) {
            throw new LocalStorageException(part, e);
        }
        boolean complete = false;
        int retries;
        try (DiskWriter writer = new DiskWriter(store)) {
            try {
                retries = fetchAll(layout, info, writer);
                writer.flush();
            } catch (IOException e) {
                throw new LocalStorageException(part, e);
            } finally {
                closeStore(store, part);
            }
            moveIntoPlace(part, target);
            complete = true;
        } finally {
            if (!complete) {
                deleteQuietly(part);
            }
        }
        try {
            announce(AnnounceRequest.Event.COMPLETED, 0);
        } catch (DownloadException e) {
            log.info("final announce failed: {}", e.getMessage());
        }
        return new Result(output, layout.totalLength(), layout.pieceCount(), retries,
                Duration.ofNanos(System.nanoTime() - started));
    }

    private static PieceStore openStore(InfoDictionary info, StorageLayout layout, Path part) throws IOException {
        if (!info.isMultiFile()) {
            return PieceStore.open(part.getParent(), List.of(part), layout, true);
        }
        List<Path> files = new ArrayList<>();
        for (FileEntry entry : info.files()) {
            // The first path element is the torrent's name, which the part folder stands in for.
            files.add(SafePath.resolve(part, entry.path().subList(1, entry.path().size())));
        }
        Files.createDirectories(part);
        return PieceStore.open(part, files, layout, true);
    }

    private int fetchAll(StorageLayout layout, InfoDictionary info, DiskWriter writer)
            throws DownloadException, InterruptedException {
        int count = layout.pieceCount();
        int[] attempts = new int[count];
        Queue<Integer> todo = new ArrayDeque<>();
        for (int i = 0; i < count; i++) {
            todo.add(i);
        }
        BlockingQueue<PieceFetch.Outcome> outcomes = new LinkedBlockingQueue<>();
        int inFlight = 0;
        int verified = 0;
        int retries = 0;
        long verifiedBytes = 0;
        listener.progress(0, layout.totalLength());
        while (verified < count) {
            while (inFlight < options.parallel() && !todo.isEmpty()) {
                int index = todo.poll();
                attempts[index]++;
                start(layout, info, index, attempts[index], writer, outcomes);
                inFlight++;
            }
            PieceFetch.Outcome outcome = outcomes.poll(1, TimeUnit.SECONDS);
            if (writer.failure() != null) {
                throw new LocalStorageException(partFile(output), writer.failure());
            }
            if (outcome == null) {
                if (!connection.isActive()) {
                    throw new DownloadException("the connection to tracker " + connection.address()
                            + " was lost", new TrackerUnreachableException("connection closed", null));
                }
                continue;
            }
            inFlight--;
            if (outcome.failure() == null) {
                verified++;
                verifiedBytes += layout.pieceSize(outcome.index());
                listener.progress(verifiedBytes, layout.totalLength());
                continue;
            }
            if (!outcome.retryable()) {
                throw outcome.failure();
            }
            listener.pieceFailed(outcome.index(), outcome.attempt(), outcome.failure().getMessage());
            log.warn("attempt {} of piece {} failed: {}", outcome.attempt(), outcome.index(),
                    outcome.failure().getMessage());
            if (!connection.isActive()) {
                throw new DownloadException("the connection to tracker " + connection.address() + " was lost",
                        new TrackerUnreachableException("connection closed", outcome.failure()));
            }
            if (attempts[outcome.index()] >= options.maxAttempts()) {
                throw new VerificationException("piece " + outcome.index() + " failed " + options.maxAttempts()
                        + " times; last: " + outcome.failure().getMessage());
            }
            retries++;
            todo.add(outcome.index());
        }
        return retries;
    }

    private void start(StorageLayout layout, InfoDictionary info, int index, int attempt, DiskWriter writer,
                       BlockingQueue<PieceFetch.Outcome> outcomes) {
        String infoHash = metainfo.infoHash().hex();
        PieceFetch fetch = new PieceFetch(codec, infoHash, index, attempt, layout.pieceOffset(index),
                layout.pieceSize(index), info.pieceHash(index), connection.settings().maxResponseHeaderBytes(),
                options.stallTimeout(), writer, outcomes::add);
        connection.send(codec.encodeRequest(new PieceRequest(infoHash, index)), true, fetch);
    }

    private AnnounceResponse announce(AnnounceRequest.Event event, long left) throws DownloadException,
            InterruptedException {
        AnnounceRequest request = new AnnounceRequest(metainfo.infoHash().hex(), peerId, 0, 0,
                event == AnnounceRequest.Event.COMPLETED ? metainfo.info().totalLength() : 0, left, event);
        Response response;
        try {
            response = connection.exchange(request).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new DownloadException("announce to " + connection.address() + " failed: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new DownloadException("tracker " + connection.address() + " did not answer the announce", e);
        }
        if (response instanceof ErrorResponse error) {
            throw new RemoteErrorException(error);
        }
        if (response instanceof AnnounceResponse answer) {
            return answer;
        }
        throw new DownloadException("unexpected answer to announce: " + response);
    }

    private static void moveIntoPlace(Path part, Path target) throws LocalStorageException {
        try {
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new LocalStorageException(target, e);
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> walk = Files.walk(path)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        } else {
            Files.deleteIfExists(path);
        }
    }

    private static void closeStore(PieceStore store, Path part) throws LocalStorageException {
        try {
            store.close();
        } catch (IOException e) {
            throw new LocalStorageException(part, e);
        }
    }

    private static void deleteQuietly(Path part) {
        try {
            deleteRecursively(part);
        } catch (IOException e) {
            log.warn("cannot remove {}: {}", part, e.getMessage());
        }
    }

    private static String newPeerId() {
        String alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        SecureRandom random = new SecureRandom();
        StringBuilder id = new StringBuilder(PEER_ID_PREFIX);
        while (id.length() < 20) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }
}
