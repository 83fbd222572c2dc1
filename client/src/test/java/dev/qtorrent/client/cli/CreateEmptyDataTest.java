package dev.qtorrent.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.metainfo.TorrentFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code client create} refuses data of no bytes as the tracker does (a torrent without pieces, which libtorrent and
 * Transmission refuse), before it contacts the tracker for a pin, and writes nothing.
 */
@Timeout(30)
class CreateEmptyDataTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"empty file", "folder of empty files"})
    void emptyDataIsAUsageErrorAndWritesNothing(String kind) throws IOException {
        Path source;
        if (kind.equals("empty file")) {
            source = Files.write(dir.resolve("zero.bin"), new byte[0]);
        } else {
            source = Files.createDirectories(dir.resolve("hollow/sub")).getParent();
            Files.write(source.resolve("one.txt"), new byte[0]);
            Files.write(source.resolve("sub/two.txt"), new byte[0]);
        }
        CliHarness cli = new CliHarness();

        // Port 9 (discard) on loopback: nothing answers QUIC there, so contacting it would end in "unreachable".
        int code = cli.run("create", source, "--tracker", "quic://127.0.0.1:9", "--connect-timeout", "1");

        assertEquals(ExitCode.USAGE.code(), code, cli.err());
        assertTrue(cli.err().contains(source + " is " + TorrentFiles.EMPTY_DATA), cli.err());
        assertEquals("", cli.out());
        try (Stream<Path> files = Files.walk(dir)) {
            assertEquals(List.of(), files.filter(p -> p.toString().endsWith(".torrent")).toList());
        }
    }
}
