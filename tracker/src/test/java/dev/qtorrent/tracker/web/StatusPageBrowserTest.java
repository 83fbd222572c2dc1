package dev.qtorrent.tracker.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.metainfo.MagnetLink;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.tracker.seed.SeededTorrent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page in a real browser (headless Chromium): it lists a torrent whose name is markup as plain text, follows
 * the row's .torrent link to a file that parses to the row's info hash, and shows a new leecher without a reload.
 * Skips, saying so, when Chromium is not installed ({@code apt-get install chromium}).
 */
@Timeout(60)
class StatusPageBrowserTest {
    @TempDir
    Path dir;

    @Test
    void pageListsTorrentsFollowsTheTorrentLinkAndKeepsCurrent() throws Exception {
        Path chromium = HeadlessChromium.find().orElse(null);
        Assumptions.assumeTrue(chromium != null,
                "chromium is not installed (Debian package chromium): skipping the status page's browser test");
        Path seed = Files.createDirectories(dir.resolve("seed"));
        Files.writeString(seed.resolve(StatusPageTest.ODD_NAME), "a name that is markup");
        try (WebTestTracker tracker = WebTestTracker.start(seed);
             HeadlessChromium browser = HeadlessChromium.start(chromium,
                     Files.createDirectories(dir.resolve("profile")))) {
            SeededTorrent torrent = tracker.catalog().torrents().get(0);
            String hash = torrent.infoHash().hex();
            browser.navigate(tracker.base());
            JsonNode row = awaitRow(browser, hash, "0");

            assertEquals(StatusPageTest.ODD_NAME, row.get("name").asText());
            assertEquals(0, row.get("images").asInt(), "the name must not become an element");
            assertEquals("seeded", row.get("state").asText());
            assertEquals(tracker.base().resolve("/torrents/" + hash + ".torrent").toString(),
                    row.get("href").asText());
            MagnetLink magnet = MagnetLink.parse(row.get("magnet").asText());
            assertEquals(hash, magnet.infoHash().hex());
            assertEquals(tracker.identity().fingerprint().hex(), magnet.pin().orElseThrow());

            JsonNode file = browser.evaluate("fetch(" + quote(row.get("href").asText()) + ").then(async r => "
                    + "({status: r.status, type: r.headers.get('content-type'), body: btoa(Array.from("
                    + "new Uint8Array(await r.arrayBuffer()), b => String.fromCharCode(b)).join(''))}))");
            assertEquals(200, file.get("status").asInt());
            assertEquals("application/x-bittorrent", file.get("type").asText());
            Metainfo downloaded = Metainfo.parse(Base64.getDecoder().decode(file.get("body").asText()));
            assertEquals(hash, downloaded.infoHash().hex());
            assertEquals(StatusPageTest.ODD_NAME, downloaded.info().name());

            try (NodeConnection connection = tracker.connect()) {
                assertInstanceOf(AnnounceResponse.class, connection.exchange(new AnnounceRequest(hash, "watcher",
                        6881, 0, 0, 21, AnnounceRequest.Event.STARTED)).get(5, TimeUnit.SECONDS));
                JsonNode updated = awaitRow(browser, hash, "1");
                assertEquals("1", updated.get("leechers").asText());
            }
        }
    }

    /** Waits until the page shows the torrent's row with {@code leechers}, and returns what the row shows. */
    private static JsonNode awaitRow(HeadlessChromium browser, String hash, String leechers) throws Exception {
        String read = "(() => { const row = document.querySelector('tr[data-info-hash=\"" + hash + "\"]');"
                + " if (!row) return null; const cells = row.querySelectorAll('td');"
                + " return {name: cells[0].firstChild.textContent, state: cells[1].textContent,"
                + " leechers: cells[4].textContent, href: row.querySelector('a.torrent').href,"
                + " magnet: row.querySelector('a.magnet').href,"
                + " images: document.querySelectorAll('img, script:not([src])').length}; })()";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        JsonNode row = browser.evaluate(read);
        while ((row.isNull() || row.isMissingNode() || !leechers.equals(row.path("leechers").asText()))
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
            row = browser.evaluate(read);
        }
        assertTrue(!row.isNull() && !row.isMissingNode(), "the page shows no row for " + hash);
        assertEquals(leechers, row.get("leechers").asText(), row.toString());
        return row;
    }

    private static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
