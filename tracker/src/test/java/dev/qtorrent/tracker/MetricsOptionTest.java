package dev.qtorrent.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.peer.serve.NodeServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --metrics ADDRESS:PORT}: off by default, checked before anything is created, and serving while it runs. */
@Timeout(60)
class MetricsOptionTest {
    private static final Pattern BANNER = Pattern.compile(
            "Status page: http://127\\.0\\.0\\.1:(\\d+)/ \\(metrics at /metrics\\)");

    @TempDir
    Path dir;

    @Test
    void aBusyMetricsPortFailsFirstAndLeavesNothingBehind() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = busy.getLocalPort();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = run(out, err, "--metrics", "127.0.0.1:" + port);
            assertEquals(1, code, err.toString());
            assertEquals("tracker: tcp port " + port + " on 127.0.0.1 is in use (--metrics): see `ss -tlpn 'sport = :"
                    + port + "'`, or choose another port", err.toString().strip());
            assertEquals("", out.toString());
        }
        assertFalse(Files.exists(dir.resolve("seed")), "no seed folder");
        assertFalse(Files.exists(dir.resolve("tracker.log")), "no log");
    }

    @ParameterizedTest
    @ValueSource(strings = {"9464", "127.0.0.1:", "127.0.0.1:70000", "127.0.0.1:http", "::1:9464",
        "no-such-host.invalid:9464"})
    void aBadValueIsAUsageError(String value) throws Exception {
        StringWriter err = new StringWriter();
        assertEquals(2, run(new StringWriter(), err, "--metrics", value), err.toString());
        assertTrue(err.toString().startsWith("tracker: invalid value for option '--metrics': '" + value + "'"),
                err.toString());
    }

    @Test
    void aRunningTrackerServesMetricsAndItsStatusPageUntilStopped() throws Exception {
        CompletableFuture<NodeServer> started = new CompletableFuture<>();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        TrackerCommand command = new TrackerCommand().onStarted(started::complete);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
            try {
                return run(command, out, err, "--metrics", "127.0.0.1:0");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        HttpClient http = HttpClient.newHttpClient();
        URI base;
        try {
            started.get(30, TimeUnit.SECONDS);
            Matcher banner = BANNER.matcher(out.toString());
            assertTrue(banner.find(), out.toString());
            base = URI.create("http://127.0.0.1:" + banner.group(1) + "/");
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("\nqtorrent_tracker_torrents{state=\"seeded\"} 1.0\n"),
                    metrics.body());
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(base).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
        } finally {
            command.stop();
            assertEquals(0, exit.get(30, TimeUnit.SECONDS), err.toString());
        }
        // A new client, so that no connection kept from above is reused; refused or unanswered, nothing serves it.
        assertThrows(IOException.class, () -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                base.resolve("/metrics")).timeout(java.time.Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()), "closed with the tracker");
    }

    @Test
    void metricsAreOffByDefault() {
        var option = TrackerMain.newCommandLine(new TrackerCommand(), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter())).getCommandSpec().findOption("--metrics");
        assertNull(option.defaultValue());
        assertNull(option.getValue());
    }

    private int run(StringWriter out, StringWriter err, String... extra) throws IOException {
        return run(new TrackerCommand(), out, err, extra);
    }

    private int run(TrackerCommand command, StringWriter out, StringWriter err, String... extra) throws IOException {
        return TrackerRun.run(dir, command, out, err, extra);
    }
}
