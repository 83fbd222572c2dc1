package dev.qtorrent.tracker.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.PieceRequest;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.tls.PinningTrustManager;
import dev.qtorrent.tracker.TestTracker;
import dev.qtorrent.tracker.seed.SeededTorrent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/PROTOCOL.md section 4: a client that gives up on an answer resets its stream. The tracker here grants one
 * stream at a time and the client's per-stream window is smaller than a piece, so a piece answer that the client
 * stops reading without a reset would block the tracker for good, and with it every later request on the connection.
 */
@Timeout(30)
class AbandonedStreamTest {
    private static final int PIECE = 16 * 1024;
    private static final int CLIENT_STREAM_WINDOW = 2048;
    /** Well under any timeout in play; a request stuck behind an unreturned stream credit would never be answered. */
    private static final long ANSWER_WITHIN_SECONDS = 10;

    @TempDir
    Path seed;
    private final MessageCodec codec = new MessageCodec();
    private byte[] data;
    private TestTracker tracker;
    private NodeConnection connection;

    @BeforeEach
    void start() throws Exception {
        data = new byte[4 * PIECE];
        new Random(3).nextBytes(data);
        Files.write(seed.resolve("data.bin"), data);
        QuicSettings d = QuicSettings.defaults();
        tracker = TestTracker.start(seed, new QuicSettings(d.idleTimeout(), d.maxRequestBytes(),
                d.maxResponseHeaderBytes(), d.requestTimeout(), 1, d.connectionWindow(), d.streamWindow(),
                d.udpPayload(), d.maxUdpPayload()));
        // A small header limit makes the client give up on a piece answer after its first packet.
        QuicSettings client = new QuicSettings(d.idleTimeout(), d.maxRequestBytes(), 256, d.requestTimeout(),
                d.maxStreams(), d.connectionWindow(), CLIENT_STREAM_WINDOW, d.udpPayload(), d.maxUdpPayload());
        connection = NodeConnection.connect("tracker", tracker.address(),
                PinningTrustManager.pinned(tracker.identity().fingerprint()), tracker.clientIdentity(), client,
                Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        if (connection != null) {
            connection.close();
        }
        if (tracker != null) {
            tracker.close();
        }
    }

    @Test
    void answerTooLargeForTheCollectorIsAbandonedWithAReset() throws Exception {
        SeededTorrent torrent = tracker.torrent("data.bin");
        CompletableFuture<?> refused = connection.exchange(new PieceRequest(torrent.infoHash().hex(), 0), 0);

        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> refused.get(ANSWER_WITHIN_SECONDS, TimeUnit.SECONDS));
        assertTrue(failure.getCause().getMessage().contains("larger than"), failure.getCause().toString());

        assertConnectionStillServes(torrent);
    }

    @Test
    void rawAnswerOverItsBoundIsAbandonedWithAReset() throws Exception {
        SeededTorrent torrent = tracker.torrent("data.bin");
        CompletableFuture<byte[]> refused = connection.exchangeRaw(
                codec.encodeRequest(new PieceRequest(torrent.infoHash().hex(), 1)), true, 100);

        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> refused.get(ANSWER_WITHIN_SECONDS, TimeUnit.SECONDS));
        assertTrue(failure.getCause().getMessage().contains("larger than"), failure.getCause().toString());

        assertConnectionStillServes(torrent);
    }

    /** The one stream credit came back: an announce and then every piece are answered on the same connection. */
    private void assertConnectionStillServes(SeededTorrent torrent) throws Exception {
        String hash = torrent.infoHash().hex();
        assertInstanceOf(AnnounceResponse.class, connection.exchange(new AnnounceRequest(hash, "after-reset", 0, 0,
                0, data.length, AnnounceRequest.Event.STARTED)).get(ANSWER_WITHIN_SECONDS, TimeUnit.SECONDS));
        for (int index = 0; index < 4; index++) {
            byte[] raw = connection.exchangeRaw(codec.encodeRequest(new PieceRequest(hash, index)), true, 2 * PIECE)
                    .get(ANSWER_WITHIN_SECONDS, TimeUnit.SECONDS);
            int newline = indexOf(raw, MessageCodec.HEADER_END);
            assertArrayEquals(Arrays.copyOfRange(data, index * PIECE, (index + 1) * PIECE),
                    Arrays.copyOfRange(raw, newline + 1, raw.length), "piece " + index);
        }
    }

    private static int indexOf(byte[] bytes, byte value) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        throw new AssertionError("no header line in " + bytes.length + " bytes");
    }
}
