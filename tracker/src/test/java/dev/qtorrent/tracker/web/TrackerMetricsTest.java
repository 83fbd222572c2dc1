package dev.qtorrent.tracker.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.PieceRequest;
import dev.qtorrent.common.metainfo.InfoHash;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.tracker.seed.SeededTorrent;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real QUIC requests to a real tracker move its Prometheus metrics as they should: each request by its type and each
 * answer by its code, with their times, the connection and its streams, the piece bytes sent, the swarm registry's
 * time and the swarm's size, all read back from {@code /metrics} over HTTP in the text format.
 */
@Timeout(30)
class TrackerMetricsTest {
    private static final String P = "qtorrent_tracker_";
    private static final MessageCodec CODEC = new MessageCodec();
    private static final String DATA = "twenty-three bytes here";

    @TempDir
    Path seed;

    @Test
    void requestsAnswersConnectionsPiecesAndSwarmsAreCounted() throws Exception {
        Files.writeString(seed.resolve("data.txt"), DATA);
        try (WebTestTracker tracker = WebTestTracker.start(seed)) {
            SeededTorrent torrent = tracker.catalog().torrents().stream()
                    .filter(t -> t.name().equals("data.txt")).findFirst().orElseThrow();
            String hash = torrent.infoHash().hex();
            MetricsText before = scrape(tracker);
            assertEquals(1, before.value(P + "torrents{state=\"seeded\"}"), before.toString());
            assertEquals(0, before.value(P + "torrents{state=\"tracked\"}"), before.toString());
            assertEquals(0, before.value(P + "peers"), before.toString());
            assertEquals(0, before.value(P + "connections_open"), before.toString());

            try (NodeConnection connection = tracker.connect()) {
                AnnounceResponse announced = assertInstanceOf(AnnounceResponse.class, connection.exchange(
                        new AnnounceRequest(hash, "leecher-1", 6881, 0, 0, DATA.length(),
                                AnnounceRequest.Event.STARTED)).get(5, TimeUnit.SECONDS));
                assertEquals(1, announced.incomplete());
                byte[] piece = connection.exchangeRaw(CODEC.encodeRequest(new PieceRequest(hash, 0)), true, 1 << 16)
                        .get(5, TimeUnit.SECONDS);
                assertTrue(new String(piece, StandardCharsets.UTF_8).endsWith(DATA));
                String badAnswer = new String(connection.exchangeRaw("{not json".getBytes(StandardCharsets.UTF_8),
                        true, 1 << 16).get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8);
                assertTrue(badAnswer.contains(ErrorCode.MALFORMED_JSON.wireName()), badAnswer);
                String unknown = new String(connection.exchangeRaw(CODEC.encodeRequest(
                        new PieceRequest(InfoHash.fromHex("ab".repeat(20)).hex(), 0)), true, 1 << 16)
                        .get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8);
                assertTrue(unknown.contains(ErrorCode.UNKNOWN_INFO_HASH.wireName()), unknown);

                MetricsText during = awaitScrape(tracker, m -> m.value(P + "streams_open") == 0
                        && m.value(P + "served_pieces_total") == 1);
                Map<String, Double> moved = Map.ofEntries(
                        Map.entry(P + "requests_total{type=\"announce\"}", 1.0),
                        Map.entry(P + "requests_total{type=\"piece\"}", 2.0),
                        Map.entry(P + "requests_total{type=\"invalid\"}", 1.0),
                        Map.entry(P + "answers_total{code=\"ok\",type=\"announce\"}", 1.0),
                        Map.entry(P + "answers_total{code=\"ok\",type=\"piece\"}", 1.0),
                        Map.entry(P + "answers_total{code=\"unknown_info_hash\",type=\"piece\"}", 1.0),
                        Map.entry(P + "answers_total{code=\"malformed_json\",type=\"invalid\"}", 1.0),
                        Map.entry(P + "request_duration_seconds_count{type=\"announce\"}", 1.0),
                        Map.entry(P + "request_duration_seconds_count{type=\"piece\"}", 2.0),
                        Map.entry(P + "request_duration_seconds_bucket{type=\"piece\",le=\"+Inf\"}", 2.0),
                        Map.entry(P + "connections_opened_total", 1.0),
                        Map.entry(P + "streams_opened_total", 4.0),
                        Map.entry(P + "served_bytes_total", (double) DATA.length()),
                        Map.entry(P + "served_pieces_total", 1.0),
                        Map.entry(P + "swarm_announce_duration_seconds_count", 1.0));
                for (Map.Entry<String, Double> series : moved.entrySet()) {
                    assertEquals(series.getValue(), during.value(series.getKey()) - before.value(series.getKey()),
                            series.getKey() + " in " + during);
                }
                assertTrue(during.value(P + "request_duration_seconds_sum{type=\"announce\"}") > 0, during.toString());
                assertEquals(1, during.value(P + "connections_open"), during.toString());
                assertEquals(0, during.value(P + "connections_refused_total"), during.toString());
                assertEquals(1, during.value(P + "swarms"), during.toString());
                assertEquals(1, during.value(P + "peers"), during.toString());
                assertEquals(1, during.value(P + "leechers"), during.toString());
                assertEquals(0, during.value(P + "seeds"), during.toString());
            }
            MetricsText after = awaitScrape(tracker, m -> m.value(P + "connections_open") == 0);
            assertEquals(0, after.value(P + "streams_open"), after.toString());
        }
    }

    @Test
    void metricsPageIsTheTextFormatWithHelpAndType() throws Exception {
        try (WebTestTracker tracker = WebTestTracker.start(seed)) {
            HttpResponse<byte[]> page = tracker.get("/metrics");
            assertEquals(200, page.statusCode());
            assertEquals("text/plain; version=0.0.4; charset=utf-8",
                    page.headers().firstValue("content-type").orElse(""));
            String text = new String(page.body(), StandardCharsets.UTF_8);
            assertTrue(text.contains("# TYPE " + P + "request_duration_seconds histogram\n"), text);
            assertTrue(text.contains("# TYPE " + P + "served_bytes_total counter\n"), text);
            assertTrue(text.contains("# HELP " + P + "connections_open "), text);
            assertTrue(text.contains("# TYPE " + P + "swarm_announce_duration_seconds histogram\n"), text);
        }
    }

    private static MetricsText scrape(WebTestTracker tracker) throws Exception {
        HttpResponse<byte[]> page = tracker.get("/metrics");
        assertEquals(200, page.statusCode());
        return MetricsText.parse(new String(page.body(), StandardCharsets.UTF_8));
    }

    /** Scrapes until {@code settled}: a stream's end reaches the server a moment after its answer reaches us. */
    private static MetricsText awaitScrape(WebTestTracker tracker, Predicate<MetricsText> settled) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        MetricsText metrics = scrape(tracker);
        while (!settled.test(metrics) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            metrics = scrape(tracker);
        }
        return metrics;
    }
}
