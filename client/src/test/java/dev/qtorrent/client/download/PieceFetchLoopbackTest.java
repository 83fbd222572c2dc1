package dev.qtorrent.client.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.PieceRequest;
import dev.qtorrent.common.metainfo.FileEntry;
import dev.qtorrent.common.metainfo.InfoDictionary;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.storage.PieceStore;
import dev.qtorrent.common.storage.StorageLayout;
import dev.qtorrent.common.tls.PinningTrustManager;
import dev.qtorrent.tracker.TestTracker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A piece fetch that gives up on its answer resets the stream (docs/PROTOCOL.md section 4), against a real tracker
 * over QUIC. The tracker grants one stream at a time and the client's per-stream window is smaller than a piece, so
 * without the reset the tracker would wait forever to send the rest and the next fetch would never get a stream.
 */
@Timeout(30)
class PieceFetchLoopbackTest {
    private static final int PIECE = 16 * 1024;

    @TempDir
    Path seed;
    @TempDir
    Path downloads;
    private final MessageCodec codec = new MessageCodec();
    private final BlockingQueue<PieceFetch.Outcome> outcomes = new LinkedBlockingQueue<>();
    private byte[] data;
    private TestTracker tracker;
    private NodeConnection connection;
    private PieceStore store;
    private DiskWriter writer;

    @BeforeEach
    void start() throws Exception {
        data = new byte[2 * PIECE];
        new Random(5).nextBytes(data);
        Files.write(seed.resolve("data.bin"), data);
        QuicSettings d = QuicSettings.defaults();
        tracker = TestTracker.start(seed, new QuicSettings(d.idleTimeout(), d.maxRequestBytes(),
                d.maxResponseHeaderBytes(), d.requestTimeout(), 1, d.connectionWindow(), d.streamWindow(),
                d.udpPayload(), d.maxUdpPayload()));
        QuicSettings client = new QuicSettings(d.idleTimeout(), d.maxRequestBytes(), d.maxResponseHeaderBytes(),
                d.requestTimeout(), d.maxStreams(), d.connectionWindow(), 2048, d.udpPayload(), d.maxUdpPayload());
        connection = NodeConnection.connect("tracker", tracker.address(),
                PinningTrustManager.pinned(tracker.identity().fingerprint()), client, Duration.ofSeconds(5));
        StorageLayout layout = new StorageLayout(List.of(new FileEntry(List.of("data.bin"), data.length)), PIECE);
        store = PieceStore.open(downloads, List.of(downloads.resolve("data.bin.part")), layout, true);
        writer = new DiskWriter(store);
    }

    @AfterEach
    void stop() throws Exception {
        if (connection != null) {
            connection.close();
        }
        if (tracker != null) {
            tracker.close();
        }
        if (writer != null) {
            writer.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void fetchThatGivesUpResetsItsStreamSoTheNextOneIsServed() throws Exception {
        InfoDictionary info = tracker.torrent("data.bin").metainfo().info();
        String hash = tracker.torrent("data.bin").infoHash().hex();

        // Expecting one byte less than the tracker announces: the fetch refuses the answer at its header line.
        fetch(hash, 0, PIECE - 1, info.pieceHash(0));
        PieceFetch.Outcome refused = outcomes.poll(10, TimeUnit.SECONDS);
        assertEquals(PieceFetch.Kind.CORRUPT, refused == null ? null : refused.kind(), String.valueOf(refused));

        for (int index = 0; index < 2; index++) {
            fetch(hash, index, PIECE, info.pieceHash(index));
            PieceFetch.Outcome outcome = outcomes.poll(10, TimeUnit.SECONDS);
            assertEquals(PieceFetch.Kind.DONE, outcome == null ? null : outcome.kind(),
                    "piece " + index + ": " + outcome);
        }
        writer.flush();
        assertArrayEquals(data, Arrays.copyOf(Files.readAllBytes(downloads.resolve("data.bin.part")), data.length));
    }

    private void fetch(String hash, int index, int size, byte[] pieceHash) {
        PieceFetch fetch = new PieceFetch(codec, hash, index, 1, (long) index * PIECE, size, pieceHash,
                connection.settings().maxResponseHeaderBytes(), Duration.ofSeconds(30), writer, outcomes::add);
        connection.send(codec.encodeRequest(new PieceRequest(hash, index)), true, fetch);
    }
}
