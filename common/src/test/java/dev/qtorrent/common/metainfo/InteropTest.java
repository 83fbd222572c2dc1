package dev.qtorrent.common.metainfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.bencode.BDict;
import dev.qtorrent.common.bencode.Bencode;
import dev.qtorrent.common.storage.HashProgress;
import dev.qtorrent.common.storage.TorrentWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Torrents we write, read by independent BitTorrent implementations: each must report our info hash, name, size
 * and piece count. A tool that is not installed skips its case with a message saying how to get it.
 */
class InteropTest {
    private static final String PIN = "ab".repeat(32);

    @TempDir
    static Path dir;
    private static Path singleTorrent;
    private static Metainfo single;
    private static Path multiTorrent;
    private static Metainfo multi;

    /** One independent reader: how to run it and how to find each fact in what it prints. */
    enum Tool {
        TRANSMISSION("transmission-cli", List.of("transmission-show"), "Hash: ([0-9a-f]{40})", "Name: (\\S+)",
                null, "Piece Count: (\\d+)"),
        ARIA2("aria2", List.of("aria2c", "--show-files"), "Info Hash: ([0-9a-f]{40})", "Name: (\\S+)",
                "Total Length: .*\\(([\\d,]+)\\)", "The Number of Pieces: (\\d+)"),
        LIBTORRENT("python3-libtorrent", List.of("/usr/bin/python3", "-c",
                "import sys, libtorrent as lt\n"
                        + "ti = lt.torrent_info(sys.argv[1])\n"
                        + "print('hash', ti.info_hashes().v1 if hasattr(ti, 'info_hashes') else ti.info_hash())\n"
                        + "print('name', ti.name())\n"
                        + "print('size', ti.total_size())\n"
                        + "print('pieces', ti.num_pieces())\n"
                        + "fs = ti.files()\n"
                        + "print('files', [fs.file_path(i) for i in range(fs.num_files())])"),
                "hash ([0-9a-f]{40})", "name (\\S+)", "size (\\d+)", "pieces (\\d+)");

        final String debianPackage;
        final List<String> command;
        final String hash;
        final String name;
        final String size;
        final String pieces;

        Tool(String debianPackage, List<String> command, String hash, String name, String size, String pieces) {
            this.debianPackage = debianPackage;
            this.command = command;
            this.hash = hash;
            this.name = name;
            this.size = size;
            this.pieces = pieces;
        }
    }

    @BeforeAll
    static void writeTorrents() throws Exception {
        // Six full 16 KiB pieces and a short seventh.
        byte[] content = new byte[6 * 16_384 + 123];
        new Random(3).nextBytes(content);
        Path data = Files.write(dir.resolve("interop-sample.bin"), content);
        TorrentWriter.Options options = new TorrentWriter.Options("quic://tracker.example:7001", PIN, 16_384,
                "interop", false, Instant.parse("2026-01-01T00:00:00Z"));
        single = TorrentWriter.create(data, options, HashProgress.none());
        singleTorrent = dir.resolve("interop-sample.bin.torrent");
        TorrentWriter.write(single, singleTorrent);

        // A folder: nested files, an empty one, and pieces that span file boundaries.
        Path folder = Files.createDirectories(dir.resolve("interop-folder/nested/deeper"));
        Files.write(folder.getParent().getParent().resolve("a.bin"), Arrays.copyOf(content, 20_000));
        Files.write(folder.getParent().resolve("empty.txt"), new byte[0]);
        Files.write(folder.resolve("b.bin"), Arrays.copyOfRange(content, 1_000, 41_001));
        multi = TorrentWriter.create(dir.resolve("interop-folder"), new TorrentWriter.Options(
                "quic://tracker.example:7001", PIN, 16_384, null, true, Instant.parse("2026-01-01T00:00:00Z")),
                HashProgress.none());
        multiTorrent = dir.resolve("interop-folder.torrent");
        TorrentWriter.write(multi, multiTorrent);
    }

    @ParameterizedTest
    @EnumSource(Tool.class)
    void toolReadsOurSingleFileTorrent(Tool tool) throws Exception {
        String output = run(tool, singleTorrent);
        assertEquals(single.infoHash().hex(), find(tool.hash, output, tool), output);
        assertEquals("interop-sample.bin", find(tool.name, output, tool), output);
        if (tool.size != null) {
            assertEquals(single.info().totalLength(),
                    Long.parseLong(find(tool.size, output, tool).replace(",", "")));
        }
        assertEquals(7, Integer.parseInt(find(tool.pieces, output, tool)), output);
        assertEquals(7, single.info().pieceCount());
    }

    @ParameterizedTest
    @EnumSource(Tool.class)
    void toolReadsOurMultiFileTorrent(Tool tool) throws Exception {
        String output = run(tool, multiTorrent);
        assertEquals(multi.infoHash().hex(), find(tool.hash, output, tool), output);
        assertEquals("interop-folder", find(tool.name, output, tool), output);
        assertEquals(60_001, multi.info().totalLength());
        if (tool.size != null) {
            assertEquals(60_001, Long.parseLong(find(tool.size, output, tool).replace(",", "")));
        }
        assertEquals(multi.info().pieceCount(), Integer.parseInt(find(tool.pieces, output, tool)), output);
        assertEquals(4, multi.info().pieceCount());
        for (String file : List.of("a.bin", "empty.txt", "b.bin")) {
            assertTrue(output.contains(file), tool + " lists " + file + ":\n" + output);
        }
    }

    /**
     * Why empty data gets no torrent: a torrent of no data has no pieces, and Transmission and libtorrent refuse it
     * (mktorrent writes one anyway; aria2 lists it), so {@link TorrentWriter} refuses to write one.
     */
    @ParameterizedTest
    @EnumSource(value = Tool.class, names = {"TRANSMISSION", "LIBTORRENT"})
    void toolRefusesATorrentOfNoData(Tool tool) throws Exception {
        Path data = Files.write(dir.resolve("no-data.bin"), new byte[0]);
        BDict info = BDict.builder().put("length", 0).put("name", "no-data.bin").put("piece length", 16_384)
                .put("pieces", new byte[0]).build();
        BDict root = BDict.builder().put("announce", "udp://tracker.example:6969").put("info", info).build();
        Path torrentFile = Files.write(dir.resolve("no-data.bin.torrent"), Bencode.encode(root));
        Metainfo.load(torrentFile);

        Result result = execute(tool, torrentFile);
        assertNotEquals(0, result.exitCode(), tool + " accepted a torrent without pieces:\n" + result.output());

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> TorrentWriter.create(
                data, new TorrentWriter.Options("quic://tracker.example:7001", PIN, 16_384, null, false, null),
                HashProgress.none()));
        assertTrue(refused.getMessage().contains(TorrentFiles.EMPTY_DATA), refused.getMessage());
    }

    private record Result(int exitCode, String output) {
    }

    private static String run(Tool tool, Path torrentFile) throws Exception {
        Result result = execute(tool, torrentFile);
        assertEquals(0, result.exitCode(), result.output());
        return result.output();
    }

    private static Result execute(Tool tool, Path torrentFile) throws Exception {
        Path executable = Path.of(tool.command.get(0));
        boolean present = executable.isAbsolute() ? Files.isExecutable(executable) : onPath(tool.command.get(0));
        Assumptions.assumeTrue(present, tool.command.get(0) + " is not installed; install the Debian package "
                + tool.debianPackage + " to check that " + tool + " reads our torrents");
        List<String> command = new java.util.ArrayList<>(tool.command);
        command.add(torrentFile.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), tool + " did not finish");
        String text = new String(out, StandardCharsets.UTF_8);
        Assumptions.assumeFalse(tool == Tool.LIBTORRENT && text.contains("No module named 'libtorrent'"),
                "python3-libtorrent is not installed for /usr/bin/python3");
        return new Result(process.exitValue(), text);
    }

    private static String find(String regex, String output, Tool tool) {
        Matcher matcher = Pattern.compile(regex).matcher(output);
        assertTrue(matcher.find(), tool + " output lacks " + regex + ":\n" + output);
        return matcher.group(1);
    }

    private static boolean onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String folder : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(folder, name))) {
                return true;
            }
        }
        return false;
    }
}
