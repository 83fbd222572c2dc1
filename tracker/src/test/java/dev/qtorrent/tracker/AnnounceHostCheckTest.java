package dev.qtorrent.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A loopback --host with a --bind that takes other machines' clients is warned about at start. */
class AnnounceHostCheckTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1,       0.0.0.0,         true",
        "localhost,       0.0.0.0,         true",
        "[::1],           ::,              true",
        "127.0.0.2,       192.0.2.10,      true",
        "127.0.0.1,       127.0.0.1,       false",
        "::1,             ::1,             false",
        "tracker.example, 0.0.0.0,         false",
        "192.0.2.10,      0.0.0.0,         false",
        "[2001:db8::1],   ::,              false"})
    void warnsOnlyWhenRemoteClientsCouldNotUseTheAnnounceUrl(String host, String bind, boolean warned)
            throws Exception {
        Optional<String> warning = AnnounceHostCheck.warning(host, InetAddress.getByName(bind), 7001);
        assertEquals(warned, warning.isPresent(), warning.toString());
        warning.ifPresent(text -> assertTrue(text.contains("--host " + host) && text.contains("reaches only this "
                + "machine"), text));
    }

    @Test
    void theTrackerPrintsTheWarningBeforeItStarts() throws Exception {
        // A port taken on purpose: the warning comes before the port check, and nothing else needs to start.
        try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getByName("0.0.0.0"))) {
            StringWriter err = new StringWriter();
            int code = TrackerMain.newCommandLine(new TrackerCommand(), new PrintWriter(new StringWriter(), true),
                    new PrintWriter(err, true)).execute("--quic", String.valueOf(taken.getLocalPort()),
                    "--host", "127.0.0.1", "--bind", "0.0.0.0", "--seed-dir", dir.resolve("seed").toString(),
                    "--tls-dir", dir.resolve("tls").toString(), "--log-file", dir.resolve("tracker.log").toString());

            assertEquals(1, code, err.toString());
            assertTrue(err.toString().startsWith("tracker: warning: --host 127.0.0.1 is a loopback address but "
                    + "--bind 0.0.0.0"), err.toString());
            assertTrue(err.toString().contains("quic://127.0.0.1:" + taken.getLocalPort()), err.toString());
        }
    }
}
