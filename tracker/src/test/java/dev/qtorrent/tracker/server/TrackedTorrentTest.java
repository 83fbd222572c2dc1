package dev.qtorrent.tracker.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceRequest.Event;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.AnnounceResponse.Peer;
import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ErrorResponse;
import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.MetainfoRequest;
import dev.qtorrent.common.message.MetainfoResponse;
import dev.qtorrent.common.message.PieceRequest;
import dev.qtorrent.common.message.Request;
import dev.qtorrent.common.message.Response;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.storage.TorrentWriter;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.tracker.TestTracker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code .torrent} in the seed folder without its data, over real QUIC: the tracker tracks it (announces work and
 * list no origin, the info dictionary is served) but has no piece of it to give.
 */
@Timeout(30)
class TrackedTorrentTest {
    private static final int PIECE = 16384;

    private final MessageCodec codec = new MessageCodec();

    @TempDir
    Path seed;
    @TempDir
    Path elsewhere;

    private Metainfo lone;

    @BeforeEach
    void placeALoneTorrent() throws Exception {
        byte[] content = new byte[3 * PIECE + 100];
        new Random(5).nextBytes(content);
        Path data = Files.write(elsewhere.resolve("lone.bin"), content);
        lone = TorrentWriter.create(data, "quic://127.0.0.1:7001", NodeIdentity.generate("127.0.0.1")
                .fingerprint().hex(), PIECE, (done, total) -> { });
        TorrentWriter.write(lone, seed.resolve("from-a-friend.torrent"));
    }

    @Test
    void announcesListPeersButNoOrigin() throws Exception {
        try (TestTracker tracker = TestTracker.start(seed);
             NodeConnection connection = tracker.connect()) {
            String hash = lone.infoHash().hex();
            assertEquals(List.of(), tracker.catalog().torrents(), "nothing is seeded");

            AnnounceResponse first = announce(connection, new AnnounceRequest(hash, "seeder", 6001, 0, 0, 0,
                    Event.STARTED));
            AnnounceResponse second = announce(connection, new AnnounceRequest(hash, "leecher", 6002, 0, 0, 100,
                    Event.STARTED));

            assertEquals(List.of(), first.peers(), "a seed is sent no seeds, and there is no origin");
            assertEquals(1, first.complete(), "the tracker is no seed of a torrent it only tracks");
            assertEquals(List.of(new Peer("seeder", "127.0.0.1", 6001, tracker.clientIdentity().fingerprint().hex())),
                    second.peers());
            assertEquals(1, second.complete());
            assertEquals(1, second.incomplete());
        }
    }

    @Test
    void infoDictionaryIsServed() throws Exception {
        try (TestTracker tracker = TestTracker.start(seed);
             NodeConnection connection = tracker.connect()) {
            String hash = lone.infoHash().hex();

            byte[] raw = connection.exchangeRaw(codec.encodeRequest(new MetainfoRequest(hash)), true, 1 << 16)
                    .get(5, TimeUnit.SECONDS);

            int newline = Answers.headerEnd(raw);
            byte[] info = Arrays.copyOfRange(raw, newline + 1, raw.length);
            assertEquals(new MetainfoResponse(hash, info.length),
                    codec.decodeResponseHeader(Arrays.copyOf(raw, newline)));
            assertArrayEquals(lone.infoBytes(), info);
            assertArrayEquals(lone.infoHash().bytes(), MessageDigest.getInstance("SHA-1").digest(info));
        }
    }

    /** Each piece is not available; an index outside the torrent and an unknown torrent keep their own codes. */
    @Test
    void piecesAreNotAvailable() throws Exception {
        try (TestTracker tracker = TestTracker.start(seed);
             NodeConnection connection = tracker.connect()) {
            String hash = lone.infoHash().hex();

            for (int index = 0; index < 4; index++) {
                ErrorResponse error = error(connection, new PieceRequest(hash, index));
                assertEquals(ErrorCode.PIECE_NOT_AVAILABLE, error.errorCode());
                assertTrue(error.error().contains("piece " + index + " is not available here"), error.error());
            }
            assertEquals(ErrorCode.PIECE_OUT_OF_RANGE, error(connection, new PieceRequest(hash, 4)).errorCode());
            assertEquals(ErrorCode.UNKNOWN_INFO_HASH,
                    error(connection, new PieceRequest("0".repeat(40), 0)).errorCode());
            assertTrue(connection.isActive(), "refusals do not harm the connection");
        }
    }

    private AnnounceResponse announce(NodeConnection connection, AnnounceRequest request) throws Exception {
        return assertInstanceOf(AnnounceResponse.class, connection.exchange(request).get(5, TimeUnit.SECONDS));
    }

    private ErrorResponse error(NodeConnection connection, Request request) throws Exception {
        byte[] raw = connection.exchangeRaw(codec.encodeRequest(request), true, 1 << 20).get(5, TimeUnit.SECONDS);
        int newline = Answers.headerEnd(raw);
        assertEquals(raw.length - 1, newline, "an error is the header line alone");
        Response header = codec.decodeResponseHeader(Arrays.copyOf(raw, newline));
        return assertInstanceOf(ErrorResponse.class, header);
    }
}
