package dev.qtorrent.common.metainfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
    private static Path torrentFile;
    private static Metainfo ours;

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
                        + "print('pieces', ti.num_pieces())"),
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
    static void writeTorrent() throws Exception {
        // Six full 16 KiB pieces and a short seventh.
        byte[] content = new byte[6 * 16_384 + 123];
        new Random(3).nextBytes(content);
        Path data = Files.write(dir.resolve("interop-sample.bin"), content);
        ours = TorrentWriter.create(data, "quic://tracker.example:7001", PIN, 16_384,
                Instant.parse("2026-01-01T00:00:00Z"), HashProgress.none());
        torrentFile = dir.resolve("interop-sample.bin.torrent");
        TorrentWriter.write(ours, torrentFile);
    }

    @ParameterizedTest
    @EnumSource(Tool.class)
    void toolReadsOurTorrent(Tool tool) throws Exception {
        String output = run(tool);
        assertEquals(ours.infoHash().hex(), find(tool.hash, output, tool), output);
        assertEquals("interop-sample.bin", find(tool.name, output, tool), output);
        if (tool.size != null) {
            assertEquals(ours.info().totalLength(), Long.parseLong(find(tool.size, output, tool).replace(",", "")));
        }
        assertEquals(7, Integer.parseInt(find(tool.pieces, output, tool)), output);
        assertEquals(7, ours.info().pieceCount());
    }

    private static String run(Tool tool) throws Exception {
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
        assertEquals(0, process.exitValue(), text);
        return text;
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
