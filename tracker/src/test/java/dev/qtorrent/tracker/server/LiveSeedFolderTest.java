package dev.qtorrent.tracker.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceRequest.Event;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ErrorResponse;
import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.PieceRequest;
import dev.qtorrent.common.message.PieceResponse;
import dev.qtorrent.common.message.Request;
import dev.qtorrent.common.message.Response;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.tracker.TestTracker;
import dev.qtorrent.tracker.seed.SeedWatcher;
import dev.qtorrent.tracker.seed.SeededTorrent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running tracker whose seed folder changes under it, over real QUIC on loopback: what is added is announced and
 * served without a restart, what is removed or changed is refused, and a rescan (what SIGHUP runs) finds what a
 * tracker that does not watch the folder missed.
 */
@Timeout(30)
class LiveSeedFolderTest {
    private static final Duration QUIET = Duration.ofMillis(300);
    private static final SeedWatcher.Settings WATCHING = new SeedWatcher.Settings(QUIET, true, Duration.ofSeconds(30));
    private static final int PIECE = 16384;

    private final MessageCodec codec = new MessageCodec();

    @TempDir
    Path seed;

    @Test
    void aFileAddedWhileRunningIsAnnouncedAndItsPiecesServed() throws Exception {
        try (TestTracker tracker = TestTracker.startLive(seed, WATCHING);
             NodeConnection connection = tracker.connect()) {
            byte[] content = random(3 * PIECE + 100, 1);
            Files.write(seed.resolve("added.bin"), content);

            SeededTorrent torrent = await(() -> find(tracker, "added.bin"));
            String hash = torrent.infoHash().hex();
            assertInstanceOf(AnnounceResponse.class, connection.exchange(new AnnounceRequest(hash, "peer", 6881, 0,
                    0, content.length, Event.STARTED)).get(5, TimeUnit.SECONDS));
            for (int index = 0; index < 4; index++) {
                int from = index * PIECE;
                assertArrayEquals(Arrays.copyOfRange(content, from, Math.min(from + PIECE, content.length)),
                        piece(connection, hash, index, torrent.layout().pieceSize(index)), "piece " + index);
            }
            assertTrue(Files.exists(seed.resolve("added.bin.torrent")));
        }
    }

    @Test
    void aRemovedFileIsRefused() throws Exception {
        Files.write(seed.resolve("gone.bin"), random(2 * PIECE, 2));
        try (TestTracker tracker = TestTracker.startLive(seed, WATCHING);
             NodeConnection connection = tracker.connect()) {
            String hash = tracker.torrent("gone.bin").infoHash().hex();
            assertArrayEquals(Arrays.copyOf(random(2 * PIECE, 2), PIECE), piece(connection, hash, 0, PIECE));

            Files.delete(seed.resolve("gone.bin"));
            await(() -> tracker.catalog().metainfo(hash).isEmpty() ? Optional.of(true) : Optional.empty());

            assertEquals(ErrorCode.UNKNOWN_INFO_HASH, error(connection, new AnnounceRequest(hash, "peer", 6881, 0, 0,
                    2 * PIECE, Event.STARTED)).errorCode());
            assertEquals(ErrorCode.UNKNOWN_INFO_HASH, error(connection, new PieceRequest(hash, 1)).errorCode());
            assertTrue(connection.isActive(), "the refusals harm nothing else");
        }
    }

    /**
     * Pieces asked for while their file is removed: each answer is the right bytes, a refusal, or a reset stream;
     * never other bytes, and the tracker serves on.
     */
    @Test
    void piecesRacingARemovalGetTheirBytesOrAClearRefusal() throws Exception {
        byte[] content = random(256 * PIECE, 6);
        Files.write(seed.resolve("racing.bin"), content);
        Files.writeString(seed.resolve("stays.txt"), "still here");
        try (TestTracker tracker = TestTracker.startLive(seed, WATCHING);
             NodeConnection connection = tracker.connect()) {
            String hash = tracker.torrent("racing.bin").infoHash().hex();
            List<CompletableFuture<byte[]>> answers = new ArrayList<>();
            for (int index = 0; index < 256; index++) {
                answers.add(connection.exchangeRaw(codec.encodeRequest(new PieceRequest(hash, index)), true, 1 << 20));
                if (index == 32) {
                    Files.delete(seed.resolve("racing.bin"));
                }
            }

            int served = 0;
            int refused = 0;
            for (int index = 0; index < answers.size(); index++) {
                byte[] raw;
                try {
                    raw = answers.get(index).get(10, TimeUnit.SECONDS);
                } catch (ExecutionException reset) {
                    continue;
                }
                int newline = Answers.headerEnd(raw);
                Response header = codec.decodeResponseHeader(Arrays.copyOf(raw, newline));
                if (header instanceof ErrorResponse error) {
                    assertTrue(error.errorCode() == ErrorCode.UNKNOWN_INFO_HASH
                            || error.errorCode() == ErrorCode.PIECE_NOT_AVAILABLE, error.toString());
                    refused++;
                } else if (raw.length - newline - 1 == PIECE) {
                    assertArrayEquals(Arrays.copyOfRange(content, index * PIECE, (index + 1) * PIECE),
                            Arrays.copyOfRange(raw, newline + 1, raw.length), "piece " + index);
                    served++;
                }
            }
            assertTrue(served + refused > 0, "some requests were answered");
            await(() -> tracker.catalog().metainfo(hash).isEmpty() ? Optional.of(true) : Optional.empty());
            assertEquals(ErrorCode.UNKNOWN_INFO_HASH, error(connection, new PieceRequest(hash, 0)).errorCode());
            SeededTorrent stays = tracker.torrent("stays.txt");
            assertArrayEquals("still here".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    piece(connection, stays.infoHash().hex(), 0, 10));
        }
    }

    @Test
    void aChangedFileIsServedUnderItsNewInfoHashOnly() throws Exception {
        Files.write(seed.resolve("data.bin"), random(2 * PIECE, 3));
        try (TestTracker tracker = TestTracker.startLive(seed, WATCHING);
             NodeConnection connection = tracker.connect()) {
            String before = tracker.torrent("data.bin").infoHash().hex();

            byte[] changed = random(2 * PIECE + 10, 4);
            Files.write(seed.resolve("data.bin"), changed);
            SeededTorrent now = await(() -> find(tracker, "data.bin").filter(t -> !t.infoHash().hex().equals(before)));

            String after = now.infoHash().hex();
            assertNotEquals(before, after);
            assertEquals(ErrorCode.UNKNOWN_INFO_HASH, error(connection, new AnnounceRequest(before, "peer", 6881, 0,
                    0, 2 * PIECE, Event.STARTED)).errorCode());
            assertEquals(ErrorCode.UNKNOWN_INFO_HASH, error(connection, new PieceRequest(before, 0)).errorCode());
            assertArrayEquals(Arrays.copyOfRange(changed, 2 * PIECE, changed.length), piece(connection, after, 2, 10));
        }
    }

    @Test
    void aRescanFindsWhatATrackerNotWatchingMissed() throws Exception {
        try (TestTracker tracker = TestTracker.startLive(seed, new SeedWatcher.Settings(QUIET, false, Duration.ZERO));
             NodeConnection connection = tracker.connect()) {
            byte[] content = random(PIECE + 1, 5);
            Files.write(seed.resolve("late.bin"), content);
            Thread.sleep(3 * QUIET.toMillis());
            assertFalse(find(tracker, "late.bin").isPresent(), "nothing looks at the folder unasked");

            tracker.watcher().rescan().get(10, TimeUnit.SECONDS);

            SeededTorrent torrent = find(tracker, "late.bin").orElseThrow();
            assertArrayEquals(new byte[] {content[PIECE]}, piece(connection, torrent.infoHash().hex(), 1, 1));
        }
    }

    /** Where the folder cannot be watched, the tracker looks at it periodically instead. */
    @Test
    void aTrackerThatDoesNotWatchLooksAtTheFolderPeriodically() throws Exception {
        SeedWatcher.Settings polling = new SeedWatcher.Settings(QUIET, false, Duration.ofMillis(200));
        try (TestTracker tracker = TestTracker.startLive(seed, polling)) {
            Files.write(seed.resolve("polled.bin"), random(100, 7));

            SeededTorrent torrent = await(() -> find(tracker, "polled.bin"));
            assertEquals(100, torrent.metainfo().info().totalLength());
        }
    }

    private static Optional<SeededTorrent> find(TestTracker tracker, String name) {
        return tracker.catalog().torrents().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** Waits for the watcher to bring the catalog to where {@code check} finds something. */
    private static <T> T await(Supplier<Optional<T>> check) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Optional<T> found = check.get();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the seed folder's change was not picked up within 10 s");
    }

    private byte[] piece(NodeConnection connection, String hash, int index, long size) throws Exception {
        byte[] raw = connection.exchangeRaw(codec.encodeRequest(new PieceRequest(hash, index)), true, 1 << 20)
                .get(5, TimeUnit.SECONDS);
        int newline = Answers.headerEnd(raw);
        assertEquals(new PieceResponse(hash, index, size), codec.decodeResponseHeader(Arrays.copyOf(raw, newline)));
        return Arrays.copyOfRange(raw, newline + 1, raw.length);
    }

    private ErrorResponse error(NodeConnection connection, Request request) throws Exception {
        byte[] raw = connection.exchangeRaw(codec.encodeRequest(request), true, 1 << 20).get(5, TimeUnit.SECONDS);
        int newline = Answers.headerEnd(raw);
        Response header = codec.decodeResponseHeader(Arrays.copyOf(raw, newline));
        return assertInstanceOf(ErrorResponse.class, header);
    }


    private static byte[] random(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
