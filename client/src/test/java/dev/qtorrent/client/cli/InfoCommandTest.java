package dev.qtorrent.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.bencode.BBytes;
import dev.qtorrent.common.bencode.BInteger;
import dev.qtorrent.common.bencode.BList;
import dev.qtorrent.common.bencode.Bencode;
import dev.qtorrent.common.metainfo.HashProgress;
import dev.qtorrent.common.metainfo.MagnetLink;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.metainfo.TorrentWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code client info}: what a torrent or magnet link holds, read without contacting anything. */
@Timeout(30)
class InfoCommandTest {
    private static final String PIN = "ab".repeat(32);
    private static final String TRACKER = "quic://127.0.0.1:7001";

    @TempDir
    Path dir;

    @Test
    void singleFileTorrentShowsEveryFactAndTheMagnetCreatePrints() throws IOException {
        Path data = Files.write(dir.resolve("data.bin"), random(40_000));
        CliHarness create = new CliHarness();
        assertEquals(0, create.run("create", data, "--tracker", TRACKER, "--pin", PIN, "-l", "16K", "-c",
                "release 1.0"), create.err());
        Path torrent = dir.resolve("data.bin.torrent");
        Metainfo metainfo = Metainfo.load(torrent);

        CliHarness info = new CliHarness();
        int code = info.run("info", torrent);

        assertEquals(0, code, info.err());
        String out = info.out();
        assertEquals("data.bin", value(out, "Name"));
        assertEquals("39.1 KiB, 40,000 bytes", value(out, "Size"));
        assertEquals("3 pieces of 16,384 bytes", value(out, "Pieces"));
        assertEquals(metainfo.infoHash().hex(), value(out, "Info hash"));
        assertTrue(out.contains("Trackers:" + System.lineSeparator() + "  " + TRACKER + System.lineSeparator()), out);
        assertEquals("sha256=" + PIN, value(out, "Certificate pin"));
        assertEquals("no", value(out, "Private"));
        assertEquals("release 1.0", value(out, "Comment"));
        assertEquals("quic-torrent", value(out, "Created by"));
        assertEquals(Instant.ofEpochSecond(((BInteger) metainfo.get("creation date").orElseThrow()).value())
                .toString(), value(out, "Creation date"));
        assertFalse(out.contains("Files:"), "a single file has no file list: " + out);
        // The same link create printed, so either command can be used to share a torrent.
        Matcher created = Pattern.compile("magnet (\\S+)").matcher(create.out());
        assertTrue(created.find(), create.out());
        assertEquals(created.group(1), value(out, "Magnet"));
        assertEquals(MagnetLink.of(metainfo), value(out, "Magnet"));
        assertEquals("", info.err());
    }

    @Test
    void multiFileTorrentListsFilesTiersAndPrivateFlag() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("album/disc 2"));
        Files.write(dir.resolve("album/01.bin"), random(20_000));
        Files.write(folder.resolve("02.bin"), random(5));
        Metainfo made = TorrentWriter.create(dir.resolve("album"), new TorrentWriter.Options(TRACKER, PIN, 16_384,
                null, true, Instant.parse("2026-01-01T00:00:00Z")), HashProgress.none());
        BList tiers = new BList(java.util.List.of(new BList(java.util.List.of(BBytes.of(TRACKER))),
                new BList(java.util.List.of(BBytes.of("udp://a.example:6969"), BBytes.of("udp://b.example:6969")))));
        Path torrent = Files.write(dir.resolve("album.torrent"),
                Bencode.encode(made.root().toBuilder().put("announce-list", tiers).build()));

        CliHarness info = new CliHarness();
        assertEquals(0, info.run("info", torrent), info.err());

        String out = info.out();
        assertEquals("19.5 KiB, 20,005 bytes in 2 files", value(out, "Size"));
        assertTrue(out.matches("(?s).*\\n  album/01\\.bin\\s+20,000 bytes\\R.*"), out);
        assertTrue(out.matches("(?s).*\\n  album/disc 2/02\\.bin\\s+5 bytes\\R.*"), out);
        assertTrue(out.contains("  tier 1: " + TRACKER), out);
        assertTrue(out.contains("  tier 2: udp://a.example:6969, udp://b.example:6969"), out);
        assertEquals("yes", value(out, "Private"));
        assertEquals("2026-01-01T00:00:00Z", value(out, "Creation date"));
        assertEquals(made.infoHash().hex(), value(out, "Info hash"));
    }

    @Test
    void magnetLinkShowsWhatItCarriesAndSaysWhereTheRestIs() {
        String hash = "c40279e214b3d83f765044c68e3203925b3f6e04";
        String link = "magnet:?xt=urn:btih:" + hash + "&dn=hello%20world.txt&tr=quic%3A%2F%2F127.0.0.1%3A7001"
                + "&x.qtpin=" + PIN;
        CliHarness info = new CliHarness();

        assertEquals(0, info.run("info", link), info.err());

        String out = info.out();
        assertEquals("hello world.txt", value(out, "Name"));
        assertEquals(hash, value(out, "Info hash"));
        assertTrue(out.contains("  " + TRACKER), out);
        assertEquals("sha256=" + PIN, value(out, "Certificate pin"));
        assertTrue(out.contains("size, files and pieces are in the torrent"), out);
        assertFalse(out.contains("Size:"), out);

        CliHarness bare = new CliHarness();
        assertEquals(0, bare.run("info", "magnet:?xt=urn:btih:" + hash), bare.err());
        assertEquals("none: download needs HOST and PORT", value(bare.out(), "Trackers"));
        assertFalse(bare.out().contains("Name:"), "a link without dn has no name: " + bare.out());
        assertEquals("none: download needs --pin SHA256 or --insecure", value(bare.out(), "Certificate pin"));
    }

    /** A torrent's texts come from whoever made it; escape sequences in them must not reach the terminal. */
    @Test
    void controlSequencesInTheTorrentAreNotPrinted() throws IOException {
        Path data = Files.write(dir.resolve("data.bin"), random(100));
        Metainfo made = TorrentWriter.create(data, new TorrentWriter.Options(TRACKER, PIN, 16_384,
                "nice\u001b[2J\u001b]0;owned\u0007 comment", false, null), HashProgress.none());
        Path torrent = Files.write(dir.resolve("x.torrent"), made.toBytes());

        CliHarness info = new CliHarness();
        assertEquals(0, info.run("info", torrent), info.err());

        assertEquals("nice comment", value(info.out(), "Comment"));
        assertFalse(info.out().contains("\u001b"), info.out());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "missing file      | missing.torrent              | 3 | no such file",
        "not bencode       | @junk                        | 3 | not a valid torrent",
        "magnet, no hash   | magnet:?dn=x                 | 3 | no xt=urn:btih",
        "magnet, bad hash  | magnet:?xt=urn:btih:1234     | 3 | btih must be"})
    void badInputExitsWithItsCode(String label, String argument, int exitCode, String message) throws IOException {
        if (argument.equals("@junk")) {
            argument = Files.writeString(dir.resolve("junk.torrent"), "not a torrent").toString();
        } else if (!argument.startsWith("magnet:")) {
            argument = dir.resolve(argument).toString();
        }
        CliHarness info = new CliHarness();

        assertEquals(exitCode, info.run("info", argument), info.err());
        assertTrue(info.err().contains(message), info.err());
        assertEquals("", info.out());
    }

    @Test
    void missingArgumentIsAUsageError() {
        CliHarness info = new CliHarness();
        assertEquals(ExitCode.USAGE.code(), info.run("info"));
    }

    /** The value on the line {@code label: value}, with the padding after the colon removed. */
    private static String value(String out, String label) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(label) + ": +(.*?)\\r?$").matcher(out);
        assertTrue(matcher.find(), "no " + label + " line in:\n" + out);
        return matcher.group(1);
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        new Random(n).nextBytes(bytes);
        return bytes;
    }
}
