package dev.qtorrent.tracker.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qtorrent.common.metainfo.MagnetLink;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.storage.TorrentWriter;
import dev.qtorrent.common.tls.NodeIdentity;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The status page's HTTP side: its JSON lists every torrent, seeded and tracked, with its magnet link and .torrent
 * link; each .torrent is served as a file; other paths are 404, other methods 405, and bad requests harm nothing.
 */
@Timeout(30)
class StatusPageTest {
    static final String ODD_NAME = "<img src=x onerror=alert(1)> & \"q\".txt";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static WebTestTracker tracker;
    private static Metainfo lone;

    @BeforeAll
    static void start() throws Exception {
        Path seed = Files.createDirectories(dir.resolve("seed"));
        Files.writeString(seed.resolve(ODD_NAME), "markup in a file name");
        Path elsewhere = Files.writeString(Files.createDirectories(dir.resolve("elsewhere")).resolve("away.iso"),
                "data not in the seed folder");
        lone = TorrentWriter.create(elsewhere, "quic://127.0.0.1:7001",
                NodeIdentity.generate("127.0.0.1").fingerprint().hex(), 16384, (done, total) -> { });
        TorrentWriter.write(lone, seed.resolve("away.iso.torrent"));
        tracker = WebTestTracker.start(seed);
    }

    @AfterAll
    static void stop() {
        tracker.close();
    }

    @Test
    void statusJsonListsSeededAndTrackedTorrentsWithTheirLinks() throws Exception {
        HttpResponse<byte[]> answer = tracker.get("/status.json");
        assertEquals(200, answer.statusCode());
        assertEquals("application/json", answer.headers().firstValue("content-type").orElse(""));
        JsonNode torrents = JSON.readTree(answer.body()).get("torrents");
        assertEquals(2, torrents.size(), torrents.toString());
        JsonNode away = torrents.get(1);
        assertEquals("away.iso", away.get("name").asText());
        assertEquals("tracked", away.get("state").asText());
        assertEquals(0, away.get("seeds").asInt());
        Metainfo tracked = tracker.catalog().metainfo(lone.infoHash().hex()).orElseThrow();
        assertEquals(MagnetLink.of(tracked), away.get("magnet").asText());
        JsonNode odd = torrents.get(0);
        assertEquals(ODD_NAME, odd.get("name").asText());
        assertEquals("seeded", odd.get("state").asText());
        assertEquals("markup in a file name".length(), odd.get("size").asLong());
        assertEquals(1, odd.get("seeds").asInt(), "the tracker seeds it");
        MagnetLink magnet = MagnetLink.parse(odd.get("magnet").asText());
        assertEquals(odd.get("info_hash").asText(), magnet.infoHash().hex());
        assertEquals(tracker.identity().fingerprint().hex(), magnet.pin().orElseThrow());
        assertEquals("/torrents/" + odd.get("info_hash").asText() + ".torrent", odd.get("torrent").asText());
    }

    @Test
    void aTorrentFileIsServedAsADownloadAndParsesToItsInfoHash() throws Exception {
        String hash = lone.infoHash().hex();
        HttpResponse<byte[]> answer = tracker.get("/torrents/" + hash.toUpperCase() + ".torrent");
        assertEquals(200, answer.statusCode());
        assertEquals("application/x-bittorrent", answer.headers().firstValue("content-type").orElse(""));
        assertEquals("attachment; filename=\"away.iso.torrent\"; filename*=UTF-8''away.iso.torrent",
                answer.headers().firstValue("content-disposition").orElse(""));
        assertEquals(lone.infoHash(), Metainfo.parse(answer.body()).infoHash());
        assertArrayEquals(tracker.catalog().metainfo(hash).orElseThrow().toBytes(), answer.body());
    }

    @Test
    void aDownloadNameKeepsNoQuotesInItsPlainForm() {
        assertEquals("attachment; filename=\"<img src=x onerror=alert(1)> & _q_.txt.torrent\"; "
                        + "filename*=UTF-8''%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E%20%26%20%22q%22.txt.torrent",
                WebRoutes.attachment(ODD_NAME + ".torrent"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/nothing", "/torrents/", "/torrents/abc.torrent",
        "/torrents/0000000000000000000000000000000000000000.torrent", "/metrics/x", "/../etc/passwd"})
    void unknownPathsAndTorrentsAre404(String path) throws Exception {
        assertEquals(404, tracker.send(HttpRequest.newBuilder(URI.create(tracker.base() + path.substring(1)))
                .GET().build()).statusCode(), path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "OPTIONS"})
    void otherMethodsAre405(String method) throws Exception {
        HttpResponse<byte[]> answer = tracker.send(HttpRequest.newBuilder(tracker.base().resolve("/metrics"))
                .method(method, HttpRequest.BodyPublishers.ofString("x")).build());
        assertEquals(405, answer.statusCode());
        assertEquals("GET, HEAD", answer.headers().firstValue("allow").orElse(""));
    }

    @Test
    void headAnswersTheHeadersOnly() throws Exception {
        HttpResponse<byte[]> answer = tracker.send(HttpRequest.newBuilder(tracker.base().resolve("/status.json"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, answer.statusCode());
        assertEquals(0, answer.body().length);
        assertTrue(answer.headers().firstValueAsLong("content-length").orElse(0) > 0);
    }

    @Test
    void thePageRunsOnlyItsOwnScript() throws Exception {
        HttpResponse<byte[]> page = tracker.get("/");
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("content-type").orElse(""));
        assertTrue(page.headers().firstValue("content-security-policy").orElse("").contains("script-src 'self'"));
        assertTrue(new String(page.body(), StandardCharsets.UTF_8).contains("<script src=\"/status.js\""));
        assertEquals(200, tracker.get("/status.js").statusCode());
        assertEquals(200, tracker.get("/status.css").statusCode());
    }

    @Test
    void garbageAndOversizedRequestsCloseOnlyTheirConnection() throws Exception {
        int port = tracker.base().getPort();
        for (byte[] garbage : new byte[][] {"\u0000\u0001junk\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
            ("GET /" + "a".repeat(20_000) + " HTTP/1.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII),
            ("GET / HTTP/1.1\r\nX: " + "b".repeat(20_000) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII)}) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(5000);
                OutputStream out = socket.getOutputStream();
                out.write(garbage);
                out.flush();
                String reply = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
                assertTrue(reply.isEmpty() || reply.startsWith("HTTP/1.") && !reply.contains(" 200"), reply);
            }
        }
        assertEquals(200, tracker.get("/metrics").statusCode());
    }
}
