package dev.qtorrent.tracker;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * Runs the tracker's command line in tests, in a folder of the test's own and on a free loopback port, with the
 * options a test adds.
 */
final class TrackerRun {
    private TrackerRun() {
    }

    static int run(Path dir, TrackerCommand command, StringWriter out, StringWriter err, String... extra)
            throws IOException {
        int quic;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            quic = probe.getLocalPort();
        }
        String[] args = new String[10 + extra.length];
        System.arraycopy(new String[] {"--quic", String.valueOf(quic), "--bind", "127.0.0.1", "--seed-dir",
            dir.resolve("seed").toString(), "--tls-dir", dir.resolve("tls").toString(), "--log-file",
            dir.resolve("tracker.log").toString()}, 0, args, 0, 10);
        System.arraycopy(extra, 0, args, 10, extra.length);
        return TrackerMain.newCommandLine(command, new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(args);
    }
}
