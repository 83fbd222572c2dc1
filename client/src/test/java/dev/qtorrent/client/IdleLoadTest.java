package dev.qtorrent.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.client.cli.Cli;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.tls.Fingerprint;
import dev.qtorrent.common.tls.PinningTrustManager;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicStreamChannel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10,000 idle streams held open against a tracker (a separate process, so its memory can be read from the
 * operating system) keep its resident memory within a stated bound, and a download running at the same time
 * completes.
 */
@Timeout(180)
class IdleLoadTest {
    private static final int CONNECTIONS = 80;
    private static final int STREAMS_PER_CONNECTION = 125;
    /**
     * Growth allowed for 10,000 streams on 80 connections: 128 MiB, about 13 KiB a stream with the concurrent
     * download's buffers included (measured: about 35 MiB). Requests that buffered up to their 64 KiB limit would
     * take 625 MiB.
     */
    private static final long GROWTH_BOUND = 128L << 20;

    @TempDir
    Path dir;

    @Test
    void tenThousandIdleStreamsStayWithinBoundWhileADownloadCompletes() throws Exception {
        // Memory is read from /proc/<pid>/status, which only Linux has; there a missing field fails the test.
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"), "needs Linux's /proc");
        Path seed = Files.createDirectories(dir.resolve("seed"));
        byte[] data = new byte[8 << 20];
        new Random(9).nextBytes(data);
        Files.write(seed.resolve("data.bin"), data);
        int port = TrackerProcess.freeUdpPort();
        Process tracker = new ProcessBuilder(TrackerProcess.javaBin(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "dev.qtorrent.tracker.TrackerMain", "--quic", String.valueOf(port), "--seed-dir", seed.toString(),
                "--tls-dir", dir.resolve("tls").toString(), "--log-file", dir.resolve("tracker.log").toString(),
                "--max-connections-per-address", String.valueOf(CONNECTIONS + 10), "--request-timeout", "120")
                .redirectErrorStream(true).start();
        List<NodeConnection> connections = new ArrayList<>();
        try {
            TrackerProcess.startAndWait(tracker);
            Metainfo torrent = Metainfo.load(seed.resolve("data.bin.torrent"));
            Fingerprint pin = new Fingerprint(torrent.certificatePin().orElseThrow());
            Thread.sleep(1_000);
            long baseline = rss(tracker.pid());

            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            List<CompletableFuture<QuicStreamChannel>> streams = new ArrayList<>();
            byte[] unfinished = "{\"type\":\"announce\",\"info_hash\":".getBytes(StandardCharsets.US_ASCII);
            for (int c = 0; c < CONNECTIONS; c++) {
                NodeConnection connection = NodeConnection.connect("tracker", address, PinningTrustManager.pinned(pin),
                        QuicSettings.defaults().withIdleTimeout(Duration.ofSeconds(120)), Duration.ofSeconds(10));
                connections.add(connection);
                for (int s = 0; s < STREAMS_PER_CONNECTION; s++) {
                    // Half a request and no FIN: the tracker must hold the stream until its deadline.
                    streams.add(connection.send(unfinished, false, new ChannelInboundHandlerAdapter()));
                }
            }
            for (CompletableFuture<QuicStreamChannel> stream : streams) {
                assertTrue(stream.get(60, TimeUnit.SECONDS).isActive());
            }
            assertEquals(CONNECTIONS * STREAMS_PER_CONNECTION, streams.size());

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            ClientContext context = new ClientContext(new BufferedReader(new StringReader("")),
                    Map.of("XDG_DATA_HOME", dir.resolve("state").toString()), false);
            Path output = dir.resolve("data.bin");
            int code = Cli.newCommandLine(context, new PrintWriter(out, true), new PrintWriter(err, true))
                    .execute("download", seed.resolve("data.bin.torrent").toString(), output.toString(),
                            "127.0.0.1", String.valueOf(port));
            long loaded = rss(tracker.pid());
            long peak = peakRss(tracker.pid());

            assertEquals(0, code, err.toString());
            assertArrayEquals(data, Files.readAllBytes(output));
            System.out.printf("tracker RSS: baseline %d MiB, with %d idle streams on %d connections %d MiB, "
                    + "peak %d MiB%n", baseline >> 20, streams.size(), CONNECTIONS, loaded >> 20, peak >> 20);
            assertTrue(peak - baseline < GROWTH_BOUND, "tracker RSS grew by " + ((peak - baseline) >> 20)
                    + " MiB, bound " + (GROWTH_BOUND >> 20) + " MiB");
            assertTrue(tracker.isAlive(), "the tracker is still serving");
        } finally {
            connections.forEach(NodeConnection::close);
            tracker.destroy();
            tracker.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static long rss(long pid) throws IOException {
        return statusKb(pid, "VmRSS:") << 10;
    }

    private static long peakRss(long pid) throws IOException {
        return statusKb(pid, "VmHWM:") << 10;
    }

    /** A field of /proc/PID/status in KiB; fails rather than return a number that was not measured. */
    private static long statusKb(long pid, String field) throws IOException {
        List<String> status = Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"));
        for (String line : status) {
            if (line.startsWith(field)) {
                String[] value = line.substring(field.length()).trim().split("\\s+");
                long kb = Long.parseLong(value[0]);
                if (value.length != 2 || !value[1].equals("kB") || kb <= 0) {
                    throw new AssertionError("unexpected " + line + " in /proc/" + pid + "/status");
                }
                return kb;
            }
        }
        throw new AssertionError("no " + field + " in /proc/" + pid + "/status: " + status);
    }
}
