package dev.qtorrent.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.bencode.Bencode;
import dev.qtorrent.common.metainfo.AnnounceTiers;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.tracker.TestTracker;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A torrent listing several trackers (BEP 12 announce-list): the client goes to the first one that answers with the
 * pinned certificate, tier by tier, over real QUIC on loopback.
 */
@Timeout(60)
class AnnounceTiersTest {
    @TempDir
    Path dir;
    private TestTracker tracker;
    private Metainfo hello;
    private String dead;

    @BeforeEach
    void start() throws Exception {
        Path seed = Files.createDirectories(dir.resolve("seed"));
        Files.writeString(seed.resolve("hello_world.txt"), "Hello World!");
        tracker = TestTracker.start(seed);
        hello = Metainfo.load(tracker.torrent("hello_world.txt").torrentFile());
        // A port that nothing listens on: packets to it are lost.
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            dead = "quic://127.0.0.1:" + socket.getLocalPort();
        }
    }

    @AfterEach
    void stop() {
        tracker.close();
    }

    @Test
    void aTrackerThatDoesNotAnswerIsPassedOverForTheNextTier() throws Exception {
        Path torrent = withTiers(dead, List.of(List.of(dead), List.of(url(tracker))));
        Path output = dir.resolve("out/hello_world.txt");
        CliHarness cli = new CliHarness();

        int code = cli.run("download", torrent, output, "--connect-timeout", "1");

        assertEquals(0, code, cli.err());
        assertEquals("Hello World!", Files.readString(output));
    }

    @Test
    void anImpostorInAnEarlierTierIsPassedOverAndNeverTrusted() throws Exception {
        Path impostorSeed = Files.createDirectories(dir.resolve("impostor"));
        Files.writeString(impostorSeed.resolve("hello_world.txt"), "Hello World!");
        try (TestTracker impostor = TestTracker.start(impostorSeed, NodeIdentity.generate("127.0.0.1"))) {
            Path torrent = withTiers(url(impostor), List.of(List.of(url(impostor)), List.of(url(tracker))));
            Path output = dir.resolve("out/hello_world.txt");
            CliHarness cli = new CliHarness();

            int code = cli.run("download", torrent, output);

            assertEquals(0, code, cli.err());
            assertEquals("Hello World!", Files.readString(output));
        }
    }

    @Test
    void whenNoTrackerAnswersACertificateMismatchIsTheFailureReported() throws Exception {
        Path impostorSeed = Files.createDirectories(dir.resolve("impostor"));
        try (TestTracker impostor = TestTracker.start(impostorSeed, NodeIdentity.generate("127.0.0.1"))) {
            Path torrent = withTiers(dead, List.of(List.of(dead), List.of(url(impostor))));
            Path output = dir.resolve("out/hello_world.txt");
            CliHarness cli = new CliHarness();

            int code = cli.run("download", torrent, output, "--connect-timeout", "1");

            assertEquals(ExitCode.UNTRUSTED.code(), code, cli.err());
            assertTrue(cli.err().contains("certificate"), cli.err());
            assertFalse(Files.exists(output));
        }
    }

    @Test
    void createListsEveryTrackerAsATierOfItsOwn() throws Exception {
        Path data = Files.writeString(dir.resolve("notes.txt"), "some notes");
        Path torrent = dir.resolve("notes.torrent");
        String first = "quic://tracker-a.example:7001";
        String second = "quic://tracker-b.example:7001";
        CliHarness cli = new CliHarness();

        int code = cli.run("create", data, "-t", first, "-t", second, "--pin", "ab".repeat(32), "-o", torrent);

        assertEquals(0, code, cli.err());
        Metainfo made = Metainfo.load(torrent);
        assertEquals(first, made.announce());
        assertEquals(List.of(List.of(first), List.of(second)), AnnounceTiers.listed(made));
    }

    private Path withTiers(String announce, List<List<String>> tiers) throws Exception {
        Path torrent = dir.resolve("tiers-" + System.nanoTime() + ".torrent");
        Files.write(torrent, Bencode.encode(hello.root().toBuilder().put("announce", announce)
                .put(AnnounceTiers.KEY, AnnounceTiers.encode(tiers)).build()));
        return torrent;
    }

    private static String url(TestTracker tracker) {
        return "quic://127.0.0.1:" + tracker.address().getPort();
    }
}
