package dev.qtorrent.client.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.metainfo.FileEntry;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.tracker.TestTracker;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Torrents made by other tools (mktorrent, transmission-create, libtorrent), placed in the seed folder beside their
 * data, are served by our tracker under their own info hash and downloaded by our client byte for byte. The cases
 * cover single and multi-file data, several piece lengths, the private flag, announce-list, url-list, and libtorrent's
 * hybrid v1/v2 torrents with padding files. A tool that is not installed skips its cases, saying how to get it.
 */
@Timeout(120)
class ForeignTorrentInteropTest {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    static Path dir;
    private static Path seed;
    private static TestTracker tracker;
    private static final Map<Case, byte[]> torrentBytes = new HashMap<>();

    /** One torrent: which tool made it, from what, and how. */
    enum Case {
        MKTORRENT_SINGLE_32K(Tool.MKTORRENT, false, 32 * 1024, false),
        MKTORRENT_MULTI_64K_PRIVATE_LISTS(Tool.MKTORRENT, true, 64 * 1024, true),
        TRANSMISSION_SINGLE_16K_PRIVATE(Tool.TRANSMISSION, false, 16 * 1024, true),
        TRANSMISSION_MULTI_32K(Tool.TRANSMISSION, true, 32 * 1024, false),
        LIBTORRENT_SINGLE_HYBRID_16K(Tool.LIBTORRENT, false, 16 * 1024, false),
        LIBTORRENT_MULTI_HYBRID_32K_PRIVATE(Tool.LIBTORRENT, true, 32 * 1024, true),
        LIBTORRENT_MULTI_V1_16K_LISTS(Tool.LIBTORRENT, true, 16 * 1024, false);

        final Tool tool;
        final boolean multiFile;
        final int pieceLength;
        final boolean privateFlag;

        Case(Tool tool, boolean multiFile, int pieceLength, boolean privateFlag) {
            this.tool = tool;
            this.multiFile = multiFile;
            this.pieceLength = pieceLength;
            this.privateFlag = privateFlag;
        }

        String dataName() {
            return name().toLowerCase().replace('_', '-') + (multiFile ? "" : ".bin");
        }

        /** Not {@code <data>.torrent}, so the tracker knows the torrent is not its own. */
        Path torrent() {
            return seed.resolve(name().toLowerCase() + "-made-elsewhere.torrent");
        }
    }

    enum Tool {
        MKTORRENT("mktorrent", "mktorrent"),
        TRANSMISSION("transmission-create", "transmission-cli"),
        LIBTORRENT(PYTHON, "python3-libtorrent");

        final String command;
        final String debianPackage;

        Tool(String command, String debianPackage) {
            this.command = command;
            this.debianPackage = debianPackage;
        }

        boolean available() {
            if (this == LIBTORRENT) {
                return run(List.of(PYTHON, "-c", "import libtorrent"), null) == 0;
            }
            return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                    .anyMatch(folder -> Files.isExecutable(Path.of(folder, command)));
        }
    }

    @BeforeAll
    static void makeTorrentsAndStartTracker() throws Exception {
        seed = Files.createDirectories(dir.resolve("seed"));
        int n = 0;
        for (Case c : Case.values()) {
            n++;
            Path data = seed.resolve(c.dataName());
            if (c.multiFile) {
                Files.createDirectories(data.resolve("inner/deeper"));
                Files.write(data.resolve("first.bin"), random(50_000 + n, n));
                Files.write(data.resolve("inner/empty.txt"), new byte[0]);
                Files.write(data.resolve("inner/deeper/second.bin"), random(70_001, n + 100));
                Files.writeString(data.resolve("z-last.txt"), "the end\n");
            } else {
                Files.write(data, random(100_000 + 7 * n, n));
            }
            if (c.tool.available()) {
                assertEquals(0, make(c, data), c + ": the tool failed");
                torrentBytes.put(c, Files.readAllBytes(c.torrent()));
            }
        }
        tracker = TestTracker.start(seed);
    }

    @AfterAll
    static void stopTracker() {
        if (tracker != null) {
            tracker.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void servedUnderItsOwnInfoHashAndDownloadedIntact(Case c) throws Exception {
        Assumptions.assumeTrue(torrentBytes.containsKey(c), c.tool.command + " is not installed; install the Debian "
                + "package " + c.tool.debianPackage + " to check torrents made by it");
        Metainfo theirs = Metainfo.load(c.torrent());
        assertEquals(c.multiFile, theirs.info().isMultiFile());
        assertEquals(c.pieceLength, theirs.info().pieceLength());
        assertTrue(tracker.catalog().find(theirs.infoHash().hex()).isPresent(),
                c + " is served; problems: " + tracker.catalog().problems());
        assertFalse(Files.exists(seed.resolve(c.dataName() + ".torrent")),
                "no torrent of our own is written for data a torrent already describes");
        assertArrayEquals(torrentBytes.get(c), Files.readAllBytes(c.torrent()), "their torrent is left as it was");

        Path output = dir.resolve("downloads").resolve(c.name());
        CliHarness cli = new CliHarness();
        int code = cli.run("download", c.torrent(), output, "127.0.0.1", tracker.address().getPort(), "--pin",
                tracker.identity().fingerprint().hex());

        assertEquals(0, code, cli.err());
        Path data = seed.resolve(c.dataName());
        if (c.multiFile) {
            // Each tool decides which files go in (transmission-create leaves empty ones out): follow the torrent.
            for (FileEntry file : theirs.info().files()) {
                if (file.padding()) {
                    continue;
                }
                String relative = String.join("/", file.path().subList(1, file.path().size()));
                assertArrayEquals(Files.readAllBytes(data.resolve(relative)), Files.readAllBytes(output.resolve(relative)),
                        c + ": " + relative);
            }
            try (Stream<Path> files = Files.walk(output)) {
                assertFalse(files.anyMatch(p -> p.toString().contains(".pad")), "padding files are not written");
            }
        } else {
            assertArrayEquals(Files.readAllBytes(data), Files.readAllBytes(output));
        }
    }

    @Test
    void torrentWhoseDataChangedIsReportedAndNotServed(@TempDir Path other) throws Exception {
        Assumptions.assumeTrue(Tool.MKTORRENT.available(), "mktorrent is not installed (Debian package mktorrent)");
        Path folder = Files.createDirectories(other.resolve("seed"));
        Path data = Files.write(folder.resolve("data.bin"), random(90_000, 77));
        Path torrent = folder.resolve("data-by-mktorrent.torrent");
        assertEquals(0, run(List.of("mktorrent", "-l", "15", "-a", "quic://127.0.0.1:1", "-o", torrent.toString(),
                data.toString()), null));
        byte[] changed = Files.readAllBytes(data);
        changed[40_000] ^= 1;
        Files.write(data, changed);

        try (TestTracker changedTracker = TestTracker.start(folder)) {
            String hash = Metainfo.load(torrent).infoHash().hex();
            assertTrue(changedTracker.catalog().find(hash).isEmpty(), "a torrent whose data differs is not served");
            assertTrue(changedTracker.catalog().problems().stream()
                    .anyMatch(p -> p.contains("data-by-mktorrent.torrent") && p.contains("piece 1")),
                    changedTracker.catalog().problems().toString());
        }
    }

    private static int make(Case c, Path data) throws IOException {
        String torrent = c.torrent().toString();
        List<String> command = new ArrayList<>();
        switch (c.tool) {
            case MKTORRENT -> {
                command.addAll(List.of("mktorrent", "-l", String.valueOf(Integer.numberOfTrailingZeros(c.pieceLength)),
                        "-a", "quic://127.0.0.1:7001"));
                if (c.privateFlag) {
                    // A second tracker makes announce-list; -w adds a url-list (web seed).
                    command.addAll(List.of("-p", "-a", "quic://backup.example:7001", "-w", "https://example.org/"));
                }
                command.addAll(List.of("-o", torrent, data.toString()));
            }
            case TRANSMISSION -> {
                // Transmission accepts only http(s) and udp trackers: the client is given host and port instead.
                command.addAll(List.of("transmission-create", "-o", torrent, "-s",
                        String.valueOf(c.pieceLength / 1024), "-t", "udp://tracker.example:6969", "-c",
                        "made by transmission"));
                if (c.privateFlag) {
                    command.add("-p");
                }
                command.add(data.toString());
            }
            case LIBTORRENT -> {
                String script = String.join("\n",
                        "import sys, libtorrent as lt",
                        "data, out, piece, flags, private, lists = sys.argv[1], sys.argv[2], int(sys.argv[3]), "
                                + "sys.argv[4], sys.argv[5] == '1', sys.argv[6] == '1'",
                        "fs = lt.file_storage()",
                        "lt.add_files(fs, data)",
                        "t = lt.create_torrent(fs, piece, flags=lt.create_torrent.v1_only if flags == 'v1' else 0)",
                        "t.add_tracker('quic://127.0.0.1:7001', 0)",
                        "if lists:",
                        "    t.add_tracker('quic://backup.example:7001', 1)",
                        "    t.add_url_seed('https://example.org/')",
                        "t.set_priv(private)",
                        "t.set_comment('made by libtorrent')",
                        "import os",
                        "lt.set_piece_hashes(t, os.path.dirname(data))",
                        "open(out, 'wb').write(lt.bencode(t.generate()))");
                boolean v1 = c == Case.LIBTORRENT_MULTI_V1_16K_LISTS;
                command.addAll(List.of(PYTHON, "-c", script, data.toString(), torrent, String.valueOf(c.pieceLength),
                        v1 ? "v1" : "hybrid", c.privateFlag ? "1" : "0", v1 || !c.multiFile ? "1" : "0"));
            }
            default -> throw new IllegalStateException();
        }
        return run(command, null);
    }

    private static int run(List<String> command, Path workingDir) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            if (workingDir != null) {
                builder.directory(workingDir.toFile());
            }
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            if (process.exitValue() != 0) {
                System.err.println(String.join(" ", command) + " said:\n" + output);
            }
            return process.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static byte[] random(int n, long seed) {
        byte[] data = new byte[n];
        new Random(seed).nextBytes(data);
        return data;
    }
}
