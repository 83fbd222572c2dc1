package dev.qtorrent.client.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.bencode.BBytes;
import dev.qtorrent.common.bencode.BInteger;
import dev.qtorrent.common.metainfo.MagnetLink;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.tracker.TestTracker;
import dev.qtorrent.tracker.seed.SeededTorrent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Folders as multi-file torrents, magnet links and {@code client create}, against a real tracker. */
@Timeout(60)
class MultiFileMagnetCreateTest {
    @TempDir
    Path dir;
    private Path seed;
    private TestTracker tracker;

    @BeforeEach
    void startTracker() throws Exception {
        seed = Files.createDirectories(dir.resolve("seed"));
        Path album = Files.createDirectories(seed.resolve("album/disc 2/extras"));
        // Sizes chosen so that pieces (16 KiB) span file boundaries, with an empty file in between.
        Files.write(seed.resolve("album/01.bin"), bytes(20_000, 1));
        Files.write(seed.resolve("album/02-empty.txt"), new byte[0]);
        Files.write(album.resolve("03.bin"), bytes(30_001, 2));
        Files.write(seed.resolve("album/disc 2/04.bin"), bytes(5, 3));
        Files.writeString(seed.resolve("album/.hidden"), "not part of the torrent");
        Files.write(seed.resolve("single.bin"), bytes(40_000, 4));
        tracker = TestTracker.start(seed);
    }

    @AfterEach
    void stopTracker() {
        tracker.close();
    }

    private static byte[] bytes(int n, long seed) {
        byte[] data = new byte[n];
        new Random(seed).nextBytes(data);
        return data;
    }

    private int port() {
        return tracker.address().getPort();
    }

    private static void assertSameTree(Path expected, Path actual) throws IOException {
        for (String name : new String[] {"01.bin", "02-empty.txt", "disc 2/extras/03.bin", "disc 2/04.bin"}) {
            assertArrayEquals(Files.readAllBytes(expected.resolve(name)), Files.readAllBytes(actual.resolve(name)),
                    name);
        }
        assertFalse(Files.exists(actual.resolve(".hidden")));
    }

    @Test
    void folderIsSeededAsMultiFileTorrentAndDownloadsIntoAFolder() throws Exception {
        SeededTorrent album = tracker.torrent("album");
        assertTrue(album.metainfo().info().isMultiFile());
        assertEquals(4, album.metainfo().info().files().size());
        Path output = dir.resolve("downloaded/album");
        CliHarness cli = new CliHarness();

        int code = cli.run("download", album.torrentFile(), output, "127.0.0.1", port());

        assertEquals(0, code, cli.err());
        assertSameTree(seed.resolve("album"), output);
        assertFalse(Files.exists(dir.resolve("downloaded/album.part")));
    }

    @Test
    void multiFileDownloadRefusesToMergeIntoAnExistingFolder() throws Exception {
        // An existing folder as OUTPUT means "download into it", so the torrent's folder would be out/album.
        Files.createDirectories(dir.resolve("out/album"));
        CliHarness cli = new CliHarness();

        int code = cli.run("download", tracker.torrent("album").torrentFile(), dir.resolve("out"), "127.0.0.1",
                port());

        assertEquals(ExitCode.LOCAL_IO.code(), code, cli.err());
        assertTrue(cli.err().contains("already exists"), cli.err());
    }

    @Test
    void magnetLinkWithPinDownloads() throws Exception {
        Metainfo album = tracker.torrent("album").metainfo();
        String magnet = MagnetLink.of(album);
        assertTrue(magnet.contains("x.qtpin=" + tracker.identity().fingerprint().hex()), magnet);
        Path output = dir.resolve("from-magnet");
        CliHarness cli = new CliHarness();

        int code = cli.run("download", magnet, output, "127.0.0.1", port());

        assertEquals(0, code, cli.err());
        assertSameTree(seed.resolve("album"), output);
    }

    @Test
    void magnetLinkUsesItsTrackerAndBase32Hashes() throws Exception {
        Metainfo single = tracker.torrent("single.bin").metainfo();
        String base32 = base32(single.infoHash().bytes());
        String magnet = "magnet:?xt=urn:btih:" + base32 + "&tr=quic%3A%2F%2F127.0.0.1%3A" + port()
                + "&x.qtpin=" + tracker.identity().fingerprint().hex();
        CliHarness cli = new CliHarness();

        int code = cli.run("download", magnet, dir.resolve("single.bin"));

        assertEquals(0, code, cli.err());
        assertArrayEquals(Files.readAllBytes(seed.resolve("single.bin")), Files.readAllBytes(dir.resolve("single.bin")));
    }

    @Test
    void magnetLinkWithoutPinIsRefusedUnlessInsecure() throws Exception {
        String magnet = "magnet:?xt=urn:btih:" + tracker.torrent("single.bin").infoHash().hex();
        CliHarness refused = new CliHarness();
        assertEquals(ExitCode.UNTRUSTED.code(), refused.run("download", magnet, dir.resolve("x"), "127.0.0.1",
                port()));
        assertTrue(refused.err().contains("--pin"), refused.err());

        CliHarness insecure = new CliHarness();
        assertEquals(0, insecure.run("download", magnet, dir.resolve("x"), "127.0.0.1", port(), "--insecure"),
                insecure.err());
    }

    @Test
    void magnetLinkForATorrentTheTrackerDoesNotHaveIsRefused() {
        String magnet = "magnet:?xt=urn:btih:" + "ab".repeat(20) + "&x.qtpin="
                + tracker.identity().fingerprint().hex();
        CliHarness cli = new CliHarness();

        int code = cli.run("download", magnet, dir.resolve("x"), "127.0.0.1", port());

        assertEquals(ExitCode.REFUSED.code(), code, cli.err());
        assertFalse(Files.exists(dir.resolve("x")));
    }

    @Test
    void malformedMagnetLinkIsABadTorrent() {
        CliHarness cli = new CliHarness();

        assertEquals(ExitCode.BAD_TORRENT.code(), cli.run("download", "magnet:?dn=nothing", "127.0.0.1", port()));
        assertTrue(cli.err().contains("btih"), cli.err());
    }

    @Test
    void createReadsThePinFromTheTrackerAndTheTrackerServesTheResult() throws Exception {
        // A torrent with another piece length for data the tracker already seeds, saved in the seed folder under
        // another name: after a restart the tracker serves it, under its own info hash.
        Path torrent = seed.resolve("single-32k.torrent");
        CliHarness create = new CliHarness();

        int code = create.run("create", seed.resolve("single.bin"), "--tracker", "quic://127.0.0.1:" + port(),
                "--piece-length", "32K", "--comment", "made for a test", "--private", "-o", torrent);

        assertEquals(0, code, create.err());
        String fingerprint = tracker.identity().fingerprint().hex();
        assertTrue(create.out().contains("sha256=" + fingerprint), create.out());
        Metainfo metainfo = Metainfo.load(torrent);
        assertEquals(fingerprint, metainfo.certificatePin().orElseThrow());
        assertEquals(32 * 1024, metainfo.info().pieceLength());
        assertEquals(BBytes.of("made for a test"), metainfo.get("comment").orElseThrow());
        assertEquals(new BInteger(1), metainfo.info().raw().get("private").orElseThrow());
        Matcher magnet = Pattern.compile("magnet (\\S+)").matcher(create.out());
        assertTrue(magnet.find(), create.out());
        assertEquals(metainfo.infoHash(), MagnetLink.parse(magnet.group(1)).infoHash());

        tracker.close();
        tracker = TestTracker.start(seed, tracker.identity());
        Path output = dir.resolve("got.bin");
        CliHarness download = new CliHarness();
        assertEquals(0, download.run("download", torrent, output, "127.0.0.1", port()), download.err());
        assertArrayEquals(Files.readAllBytes(seed.resolve("single.bin")), Files.readAllBytes(output));
    }

    @Test
    void createWithAnExplicitPinNeedsNoTracker() throws Exception {
        String pin = "cd".repeat(32);
        CliHarness cli = new CliHarness();

        int code = cli.run("create", seed.resolve("album"), "--tracker", "quic://tracker.example:7001", "--pin", pin,
                "-o", dir.resolve("album.torrent"));

        assertEquals(0, code, cli.err());
        Metainfo metainfo = Metainfo.load(dir.resolve("album.torrent"));
        assertEquals(pin, metainfo.certificatePin().orElseThrow());
        assertEquals("quic://tracker.example:7001", metainfo.announce());
        assertEquals(tracker.torrent("album").infoHash(), metainfo.infoHash(),
                "same data and piece length give the tracker's own info hash");
    }

    @Test
    void createRejectsBadArguments() {
        CliHarness badLength = new CliHarness();
        assertEquals(ExitCode.USAGE.code(), badLength.run("create", seed.resolve("single.bin"), "--tracker",
                "quic://h:1", "--pin", "ab".repeat(32), "--piece-length", "3000"));
        CliHarness badUrl = new CliHarness();
        assertEquals(ExitCode.USAGE.code(), badUrl.run("create", seed.resolve("single.bin"), "--tracker",
                "http://h/announce", "--pin", "ab".repeat(32)));
        CliHarness missing = new CliHarness();
        assertEquals(ExitCode.USAGE.code(), missing.run("create", dir.resolve("nothing"), "--tracker", "quic://h:1",
                "--pin", "ab".repeat(32)));
    }

    private static String base32(byte[] bytes) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = buffer << 8 | b & 0xff;
            bits += 8;
            while (bits >= 5) {
                out.append(alphabet.charAt(buffer >> (bits - 5) & 31));
                bits -= 5;
            }
        }
        return out.toString();
    }
}
