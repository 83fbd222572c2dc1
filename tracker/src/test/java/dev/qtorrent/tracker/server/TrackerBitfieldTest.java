package dev.qtorrent.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qtorrent.common.message.BitfieldRequest;
import dev.qtorrent.common.message.BitfieldResponse;
import dev.qtorrent.common.message.HaveRequest;
import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.Response;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.storage.TorrentWriter;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.tracker.TestTracker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tracker's bitfields and have subscriptions over real QUIC: a seeded torrent has every piece, a tracked-only one
 * none, and as the tracker's pieces never change, a subscription is the bitfield line and FIN.
 */
@Timeout(30)
class TrackerBitfieldTest {
    private static final int PIECE = 16384;

    private final MessageCodec codec = new MessageCodec();

    @TempDir
    Path seed;
    @TempDir
    Path elsewhere;

    @Test
    void seededTorrentsHaveEveryPieceAndTrackedOnesNone() throws Exception {
        byte[] content = new byte[10 * PIECE + 1];
        new Random(3).nextBytes(content);
        Files.write(seed.resolve("eleven.bin"), content);
        Path data = Files.write(elsewhere.resolve("lone.bin"), Arrays.copyOf(content, 3 * PIECE));
        Metainfo lone = TorrentWriter.create(data, "quic://127.0.0.1:7001", NodeIdentity.generate("127.0.0.1")
                .fingerprint().hex(), PIECE, (done, total) -> { });
        TorrentWriter.write(lone, seed.resolve("lone.torrent"));

        try (TestTracker tracker = TestTracker.start(seed);
             NodeConnection connection = tracker.connect()) {
            String seeded = tracker.torrent("eleven.bin").infoHash().hex();
            String tracked = lone.infoHash().hex();
            int pieces = tracker.torrent("eleven.bin").layout().pieceCount();
            BitSet all = new BitSet();
            all.set(0, pieces);

            BitfieldResponse full = (BitfieldResponse) connection.exchange(new BitfieldRequest(seeded))
                    .get(10, TimeUnit.SECONDS);
            assertEquals(BitfieldResponse.of(seeded, pieces, all), full);
            assertEquals("/+A=", full.bitfield(), "11 pieces: 0xff 0xe0, the five spare bits zero");
            assertEquals(new BitfieldResponse(tracked, 3, "AA=="),
                    connection.exchange(new BitfieldRequest(tracked)).get(10, TimeUnit.SECONDS));

            // A subscription is the bitfield, then FIN: the tracker verifies no pieces while it runs.
            assertEquals(full, onlyLine(connection, seeded));
            assertEquals(new BitfieldResponse(tracked, 3, "AA=="), onlyLine(connection, tracked));
        }
    }

    private Response onlyLine(NodeConnection connection, String hash) throws Exception {
        byte[] raw = connection.exchangeRaw(codec.encodeRequest(new HaveRequest(hash)), true, 4096)
                .get(10, TimeUnit.SECONDS);
        String text = new String(raw, StandardCharsets.UTF_8);
        assertEquals(text.length() - 1, text.indexOf('\n'), "one line, then FIN: " + text);
        return codec.decodeResponseHeader(Arrays.copyOf(raw, raw.length - 1));
    }
}
