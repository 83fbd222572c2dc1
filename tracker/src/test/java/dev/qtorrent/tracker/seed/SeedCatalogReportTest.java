package dev.qtorrent.tracker.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.qtorrent.common.bencode.BDict;
import dev.qtorrent.common.bencode.Bencode;
import dev.qtorrent.common.metainfo.TorrentFiles;
import dev.qtorrent.common.tls.Fingerprint;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** What the seed catalog tells the operator: the problems it reports and one log line per served torrent. */
@Timeout(30)
class SeedCatalogReportTest {
    private static final String ANNOUNCE = "quic://tracker.example:7001";
    private static final Fingerprint PIN =
            new Fingerprint("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    private static final Fingerprint OTHER_PIN =
            new Fingerprint("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(SeedCatalog.class);

    @BeforeEach
    void captureLog() {
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(appender);
        appender.stop();
    }

    @Test
    void emptyFileAndFolderOfEmptyFilesAreReportedNotServed() throws IOException {
        Files.writeString(dir.resolve("a.txt"), "alpha");
        Files.write(dir.resolve("zero.bin"), new byte[0]);
        Files.createDirectories(dir.resolve("hollow/sub"));
        Files.write(dir.resolve("hollow/one.txt"), new byte[0]);
        Files.write(dir.resolve("hollow/sub/two.txt"), new byte[0]);

        try (SeedCatalog catalog = SeedCatalog.open(dir, ANNOUNCE, PIN)) {
            assertEquals(List.of("a.txt"), catalog.torrents().stream().map(SeededTorrent::name).toList());
            assertEquals(List.of(dir.resolve("hollow") + ": " + TorrentFiles.EMPTY_DATA,
                    dir.resolve("zero.bin") + ": " + TorrentFiles.EMPTY_DATA), catalog.problems());
        }
        assertFalse(Files.exists(dir.resolve("zero.bin.torrent")));
        assertFalse(Files.exists(dir.resolve("hollow.torrent")));
        List<ILoggingEvent> warnings = events(Level.WARN);
        assertEquals(2, warnings.size(), lines(warnings).toString());
        assertTrue(lines(warnings).contains("not serving " + dir.resolve("zero.bin") + ": " + TorrentFiles.EMPTY_DATA),
                lines(warnings).toString());
        assertEquals(List.of(), events(Level.ERROR));
    }

    /** mktorrent writes torrents of no data; they are reported and left alone, and no second torrent is written. */
    @Test
    void torrentWithoutPiecesFromElsewhereIsReportedNotServed() throws IOException {
        Files.write(dir.resolve("zero.bin"), new byte[0]);
        BDict info = BDict.builder().put("length", 0).put("name", "zero.bin").put("piece length", 262_144)
                .put("pieces", new byte[0]).build();
        Path torrentFile = Files.write(dir.resolve("zero-from-mktorrent.torrent"),
                Bencode.encode(BDict.builder().put("announce", "udp://x.example:1").put("info", info).build()));

        try (SeedCatalog catalog = SeedCatalog.open(dir, ANNOUNCE, PIN)) {
            assertEquals(List.of(), catalog.torrents());
            assertEquals(List.of(torrentFile + ": " + TorrentFiles.EMPTY_DATA), catalog.problems());
        }
        assertFalse(Files.exists(dir.resolve("zero.bin.torrent")));
    }

    /** The same with the torrent mktorrent itself writes for an empty file, when mktorrent is installed. */
    @Test
    void mktorrentsTorrentOfAnEmptyFileIsReportedNotServed() throws Exception {
        boolean installed = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(folder -> Files.isExecutable(Path.of(folder, "mktorrent")));
        Assumptions.assumeTrue(installed, "mktorrent is not installed (Debian package mktorrent)");
        Path data = Files.write(dir.resolve("zero.bin"), new byte[0]);
        Path torrentFile = dir.resolve("zero-by-mktorrent.torrent");
        Process mktorrent = new ProcessBuilder("mktorrent", "-a", "udp://x.example:1", "-o", torrentFile.toString(),
                data.toString()).redirectErrorStream(true).start();
        String output = new String(mktorrent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(mktorrent.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, mktorrent.exitValue(), output);

        try (SeedCatalog catalog = SeedCatalog.open(dir, ANNOUNCE, PIN)) {
            assertEquals(List.of(), catalog.torrents());
            assertEquals(List.of(torrentFile + ": " + TorrentFiles.EMPTY_DATA), catalog.problems());
        }
    }

    /**
     * A restart at another address used to log that the torrent "is up to date" and then that its tracker address was
     * updated; now one line says both what was checked and what was rewritten.
     */
    @Test
    void restartLogsOneLinePerTorrentSayingWhatChanged() throws IOException {
        Files.writeString(dir.resolve("a.txt"), "alpha");
        Path torrentFile = dir.resolve("a.txt.torrent");
        SeedCatalog.open(dir, ANNOUNCE, PIN).close();
        List<String> first = aboutTorrent(torrentFile);
        assertEquals(List.of(), first, "a new torrent is written, not served from an existing file");

        appender.list.clear();
        SeedCatalog.open(dir, "quic://moved.example:7002", OTHER_PIN).close();
        List<String> moved = aboutTorrent(torrentFile);
        assertEquals(1, moved.size(), moved.toString());
        assertTrue(moved.get(0).contains("data unchanged since it was last checked"), moved.get(0));
        assertTrue(moved.get(0).contains("announce " + ANNOUNCE + " -> quic://moved.example:7002"), moved.get(0));
        assertTrue(moved.get(0).contains("certificate pin " + PIN.hex().substring(0, 16) + "... -> "
                + OTHER_PIN.hex().substring(0, 16)), moved.get(0));

        appender.list.clear();
        SeedCatalog.open(dir, "quic://moved.example:7002", OTHER_PIN).close();
        List<String> same = aboutTorrent(torrentFile);
        assertEquals(1, same.size(), same.toString());
        assertFalse(same.get(0).contains("rewrote"), same.get(0));
        assertTrue(same.get(0).contains("serving it"), same.get(0));

        // Data that no longer looks the same is checked, and the line says so instead.
        Files.setLastModifiedTime(dir.resolve("a.txt"), FileTime.from(Instant.parse("2024-01-01T00:00:00Z")));
        appender.list.clear();
        SeedCatalog.open(dir, ANNOUNCE, OTHER_PIN).close();
        List<String> checked = aboutTorrent(torrentFile);
        assertTrue(checked.get(checked.size() - 1).contains("data checked: every piece matches; rewrote its announce"),
                checked.toString());
        assertFalse(checked.stream().anyMatch(line -> line.contains("up to date")), checked.toString());
    }

    private List<String> aboutTorrent(Path torrentFile) {
        return lines(events(Level.INFO)).stream().filter(line -> line.startsWith(torrentFile.toString())).toList();
    }

    private List<ILoggingEvent> events(Level level) {
        return appender.list.stream().filter(e -> e.getLevel() == level).toList();
    }

    private static List<String> lines(List<ILoggingEvent> events) {
        return events.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
