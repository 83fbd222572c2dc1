package dev.qtorrent.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.client.download.DownloadException;
import dev.qtorrent.client.download.LocalStorageException;
import dev.qtorrent.client.download.TrackerFailures;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.quic.MalformedAnswerException;
import dev.qtorrent.common.quic.NodeUnreachableException;
import dev.qtorrent.common.storage.HashProgress;
import dev.qtorrent.common.storage.TorrentWriter;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Each failure ends with the exit code that says what happened, decided by the failure's type alone. */
@Timeout(60)
class ExitCodeTest {
    private static final String SOME_PIN = "ab".repeat(32);

    @TempDir
    Path dir;

    private Path torrent(String announce, String pin) throws IOException {
        Path data = Files.writeString(dir.resolve("data.txt"), "hello, world\n");
        Metainfo metainfo = TorrentWriter.create(data, new TorrentWriter.Options(announce, pin, 16_384, null, false,
                null), HashProgress.none());
        Path torrent = dir.resolve("data.txt.torrent");
        TorrentWriter.write(metainfo, torrent);
        return torrent;
    }

    @Test
    void onlyTypedFailuresMapToSpecificCodes() {
        assertEquals(ExitCode.FAILED, ExitCode.of(new IOException("something")));
        assertEquals(ExitCode.FAILED, ExitCode.of(new DownloadException("lost", new ClosedChannelException())));
        assertEquals(ExitCode.UNREACHABLE, ExitCode.of(new DownloadException("lost",
                new NodeUnreachableException("gone", new ClosedChannelException()))));
        assertEquals(ExitCode.LOCAL_IO, ExitCode.of(new LocalStorageException(dir, new IOException("full"))));
    }

    @Test
    void aRequestLostOnTheWayIsUnreachableButAMalformedAnswerIsNot() {
        assertEquals(ExitCode.UNREACHABLE, ExitCode.of(TrackerFailures.failed("announce to 127.0.0.1:7001",
                new IOException("the stream closed before the tracker answered"))));
        assertEquals(ExitCode.UNREACHABLE, ExitCode.of(TrackerFailures.noAnswer("127.0.0.1:7001", "announce",
                Duration.ofSeconds(5))));
        assertEquals(ExitCode.FAILED, ExitCode.of(TrackerFailures.failed("announce to 127.0.0.1:7001",
                new MalformedAnswerException("the tracker's answer has no header line (3 bytes)"))));
    }

    @Test
    void httpAnnounceIsABadTorrent() throws Exception {
        Path torrent = torrent("http://127.0.0.1:9/announce", SOME_PIN);
        CliHarness cli = new CliHarness();

        int code = cli.run("download", torrent, dir.resolve("out.txt"));

        assertEquals(ExitCode.BAD_TORRENT.code(), code, cli.err());
        assertTrue(cli.err().contains("names no quic:// tracker (only http://127.0.0.1:9/announce)"), cli.err());
    }

    @Test
    void announceWithoutAnswerIsUnreachable() throws Exception {
        try (MuteTracker mute = MuteTracker.silent()) {
            Path torrent = torrent("quic://127.0.0.1:" + mute.port(), mute.identity().fingerprint().hex());
            CliHarness cli = new CliHarness();

            int code = cli.run("download", torrent, dir.resolve("out.txt"), "--stall-timeout", "1");

            assertEquals(ExitCode.UNREACHABLE.code(), code, cli.err());
            assertTrue(cli.err().contains("tracker 127.0.0.1:" + mute.port()
                    + " did not answer the announce within 1 s"), cli.err());
            assertFalse(Files.exists(dir.resolve("out.txt")));
        }
    }

    @Test
    void streamClosedDuringAnnounceIsUnreachableNotLocal() throws Exception {
        try (MuteTracker mute = MuteTracker.closingStreams()) {
            Path torrent = torrent("quic://127.0.0.1:" + mute.port(), mute.identity().fingerprint().hex());
            CliHarness cli = new CliHarness();

            int code = cli.run("download", torrent, dir.resolve("out.txt"), "--stall-timeout", "5");

            assertEquals(ExitCode.UNREACHABLE.code(), code, cli.err());
            assertTrue(cli.err().contains("announce to 127.0.0.1:" + mute.port()
                    + " failed: the tracker reset the stream"), cli.err());
        }
    }

    @Test
    void connectTimeoutNamesTheTrackerNotQuicInternals() throws Exception {
        int deadPort;
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            deadPort = socket.getLocalPort();
        }
        Path source = Files.writeString(dir.resolve("src.txt"), "x");
        CliHarness cli = new CliHarness();

        int code = cli.run("create", source, "--tracker", "quic://127.0.0.1:" + deadPort, "--connect-timeout", "1");

        assertEquals(ExitCode.UNREACHABLE.code(), code, cli.err());
        assertTrue(cli.err().contains("tracker 127.0.0.1:" + deadPort + " did not answer within 1 s"), cli.err());
        assertFalse(cli.err().contains("QuicConnectionAddress"), cli.err());
    }

    @Test
    void createThatCannotWriteTheTorrentIsLocalIo() throws Exception {
        Path source = Files.writeString(dir.resolve("src.txt"), "x");
        // A path under a regular file cannot be created, even by root.
        Path target = dir.resolve("src.txt/out.torrent");
        CliHarness cli = new CliHarness();

        int code = cli.run("create", source, "--tracker", "quic://127.0.0.1:7001", "--pin", SOME_PIN, "-o", target);

        assertEquals(ExitCode.LOCAL_IO.code(), code, cli.err());
        assertTrue(cli.err().contains("cannot write " + target), cli.err());
    }
}
