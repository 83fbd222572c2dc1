package dev.qtorrent.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A busy port is reported at once, with where to look, before the tracker creates or hashes anything. */
@Timeout(30)
class PortInUseTest {
    @TempDir
    Path dir;

    @Test
    void aBusyPortFailsFirstAndLeavesNothingBehind() throws Exception {
        try (DatagramSocket busy = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            int port = busy.getLocalPort();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = TrackerMain.newCommandLine(new TrackerCommand(), new PrintWriter(out, true),
                    new PrintWriter(err, true)).execute("--quic", String.valueOf(port), "--bind", "127.0.0.1",
                    "--seed-dir", dir.resolve("seed").toString(), "--tls-dir", dir.resolve("tls").toString(),
                    "--log-file", dir.resolve("tracker.log").toString());
            assertEquals(1, code, err.toString());
            assertEquals("tracker: udp port " + port + " on 127.0.0.1 is in use: another tracker? see `ss -ulpn "
                    + "'sport = :" + port + "'`, or choose another port with --quic", err.toString().strip());
            assertEquals("", out.toString());
        }
        assertFalse(Files.exists(dir.resolve("seed")), "no seed folder");
        assertFalse(Files.exists(dir.resolve("tls")), "no identity");
        assertFalse(Files.exists(dir.resolve("tracker.log")), "no log");
    }
}
