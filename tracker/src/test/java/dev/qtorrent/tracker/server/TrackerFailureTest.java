package dev.qtorrent.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.peer.serve.NodeServer;
import dev.qtorrent.tracker.TrackerCommand;
import dev.qtorrent.tracker.TrackerMain;
import io.netty.channel.Channel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A tracker whose socket or event loop dies stops with exit code 3 and says why, instead of running on deaf while
 * it holds the port.
 */
@Timeout(60)
class TrackerFailureTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "close socket | its UDP socket closed unexpectedly",
        "throw error  | error on the event loop: java.lang.NoClassDefFoundError: dev/qtorrent/Gone",
        "end loop     | unexpectedly"})
    void aDeadSocketOrLoopStopsTheTracker(String failure, String reason) throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        CompletableFuture<NodeServer> started = new CompletableFuture<>();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = TrackerMain.newCommandLine(new TrackerCommand().onStarted(started::complete),
                new PrintWriter(out, true), new PrintWriter(err, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute("--quic",
                String.valueOf(port), "--bind", "127.0.0.1", "--seed-dir", dir.resolve("seed").toString(),
                "--tls-dir", dir.resolve("tls").toString(), "--log-file", dir.resolve("tracker.log").toString()));
        NodeServer server = started.get(30, TimeUnit.SECONDS);
        Channel udp = server.udpChannel();
        switch (failure) {
            case "close socket" -> udp.close();
            // What a jar replaced under a running tracker produces: a class that can no longer be loaded.
            case "throw error" -> udp.eventLoop().execute(() ->
                    udp.pipeline().fireExceptionCaught(new NoClassDefFoundError("dev/qtorrent/Gone")));
            default -> udp.eventLoop().shutdownGracefully(0, 0, TimeUnit.SECONDS);
        }
        assertEquals(3, exit.get(30, TimeUnit.SECONDS), err.toString());
        assertTrue(err.toString().contains("tracker: stopping: ") && err.toString().contains(reason),
                err.toString());
    }
}
