package dev.qtorrent.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceRequest.Event;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ErrorResponse;
import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.Request;
import dev.qtorrent.common.message.Response;
import dev.qtorrent.common.message.ScrapeRequest;
import dev.qtorrent.common.message.ScrapeResponse;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.storage.TorrentWriter;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.tracker.TestTracker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scrape} over real QUIC on loopback: the counts of several swarms in one answer, the tracker counted as a
 * seed of what it seeds only, unknown torrents left out, and bad requests refused with the stream's error.
 */
@Timeout(30)
class ScrapeTest {
    private static final MessageCodec CODEC = new MessageCodec();
    private static final String UNKNOWN = "ffffffffffffffffffffffffffffffffffffffff";

    @TempDir
    Path seed;
    @TempDir
    Path elsewhere;

    @Test
    void answersTheCountsOfEveryKnownTorrentAskedAbout() throws Exception {
        Files.writeString(seed.resolve("a.txt"), "seeded by the tracker", StandardCharsets.US_ASCII);
        Path data = Files.writeString(elsewhere.resolve("lone.bin"), "tracked only", StandardCharsets.US_ASCII);
        Metainfo lone = TorrentWriter.create(data, "quic://127.0.0.1:7001", NodeIdentity.generate("127.0.0.1")
                .fingerprint().hex(), 16384, (done, total) -> { });
        TorrentWriter.write(lone, seed.resolve("lone.torrent"));
        try (TestTracker tracker = TestTracker.start(seed);
             NodeConnection connection = tracker.connect()) {
            String seeded = tracker.torrent("a.txt").infoHash().hex();
            String tracked = lone.infoHash().hex();
            announce(connection, new AnnounceRequest(seeded, "leecher-1", 6001, 0, 0, 10, Event.STARTED));
            announce(connection, new AnnounceRequest(seeded, "leecher-2", 6002, 0, 0, 10, Event.STARTED));
            announce(connection, new AnnounceRequest(seeded, "leecher-2", 6002, 0, 10, 0, Event.COMPLETED));
            announce(connection, new AnnounceRequest(tracked, "seeder", 0, 0, 0, 0, Event.STARTED));
            announce(connection, new AnnounceRequest(tracked, "gone", 6003, 0, 0, 5, Event.STARTED));
            announce(connection, new AnnounceRequest(tracked, "gone", 6003, 0, 0, 5, Event.STOPPED));

            Map<String, ScrapeResponse.Swarm> expected = new LinkedHashMap<>();
            expected.put(tracked, new ScrapeResponse.Swarm(1, 0, 0));
            expected.put(seeded, new ScrapeResponse.Swarm(2, 1, 1));
            assertEquals(new ScrapeResponse(expected), send(connection,
                    new ScrapeRequest(List.of(tracked, UNKNOWN, seeded, tracked))));

            AnnounceResponse announced = announce(connection, new AnnounceRequest(seeded, "leecher-1", 6001, 0, 0,
                    10, null));
            assertEquals(announced.complete(), expected.get(seeded).complete(), "counted as an announce counts");
            assertEquals(announced.incomplete(), expected.get(seeded).incomplete());

            assertEquals(new ScrapeResponse(Map.of()), send(connection, new ScrapeRequest(List.of(UNKNOWN))),
                    "unknown torrents are left out");
        }
    }

    @Test
    void badScrapesAreRefusedAndTheConnectionGoesOn() throws Exception {
        Files.writeString(seed.resolve("a.txt"), "seeded by the tracker", StandardCharsets.US_ASCII);
        try (TestTracker tracker = TestTracker.start(seed);
             NodeConnection connection = tracker.connect(null)) {
            String seeded = tracker.torrent("a.txt").infoHash().hex();
            StringBuilder many = new StringBuilder();
            for (int i = 0; i <= ScrapeRequest.MAX_INFO_HASHES; i++) {
                many.append(i == 0 ? "" : ",").append('"').append(String.format("%040x", i)).append('"');
            }
            for (String json : List.of("{\"type\":\"scrape\",\"info_hashes\":[]}",
                    "{\"type\":\"scrape\",\"info_hashes\":[" + many + "]}",
                    "{\"type\":\"scrape\",\"info_hashes\":[\"" + seeded.toUpperCase() + "\"]}")) {
                byte[] answer = connection.exchangeRaw(json.getBytes(StandardCharsets.UTF_8), true, 1 << 16)
                        .get(10, TimeUnit.SECONDS);
                ErrorResponse error = assertInstanceOf(ErrorResponse.class, CODEC.decodeResponseHeader(
                        Arrays.copyOf(answer, answer.length - 1)), json);
                assertEquals(ErrorCode.INVALID_REQUEST.wireName(), error.code(), error.error());
            }
            assertEquals(new ScrapeResponse(Map.of(seeded, new ScrapeResponse.Swarm(1, 0, 0))),
                    send(connection, new ScrapeRequest(List.of(seeded))), "no certificate needed");
        }
    }

    private static AnnounceResponse announce(NodeConnection connection, AnnounceRequest request) throws Exception {
        return assertInstanceOf(AnnounceResponse.class, send(connection, request));
    }

    private static Response send(NodeConnection connection, Request request) throws Exception {
        return connection.exchange(request).get(10, TimeUnit.SECONDS);
    }
}
