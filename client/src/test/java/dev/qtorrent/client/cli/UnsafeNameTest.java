package dev.qtorrent.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Torrents whose name or file path would land outside the output folder, or on a name Windows reserves, are refused
 * by {@code client download} with exit code 3 before anything is written. The torrents are bencoded by hand so that
 * no writer's own checks stand in the way.
 */
@Timeout(30)
class UnsafeNameTest {
    private static final String PIN = "ab".repeat(32);

    @TempDir
    Path dir;

    static Stream<Arguments> unsafeNames() {
        return Stream.of(
                Arguments.of("parent folder", "..", ".."),
                Arguments.of("parent folder then a file", "../evil", "../evil"),
                Arguments.of("absolute path", "/etc/passwd", "/etc/passwd"),
                Arguments.of("drive-relative path", "C:evil", "C:evil"),
                Arguments.of("sub-folder", "a/b", "a/b"),
                Arguments.of("backslash", "a\\b", "a\\b"),
                Arguments.of("device name", "con", "con"),
                Arguments.of("device name with extension", "nul.txt", "nul.txt"),
                Arguments.of("NUL byte", "a\0b", "a\\u0000b"),
                Arguments.of("current folder", ".", "."),
                Arguments.of("empty", "", "empty path element"));
    }

    @ParameterizedTest(name = "{0}: \"{2}\"")
    @MethodSource("unsafeNames")
    void unsafeSingleFileNameIsRefused(String what, String name, String shown) throws Exception {
        Path torrent = write("single.torrent", singleFile(name));

        assertRefused(torrent, "info.name", shown);
    }

    static Stream<Arguments> unsafePaths() {
        return Stream.of(
                Arguments.of("parent folder", List.of("..", "evil"), ".."),
                Arguments.of("absolute element", List.of("/etc", "passwd"), "/etc"),
                Arguments.of("drive letter", List.of("C:", "evil"), "C:"),
                Arguments.of("device name", List.of("sub", "aux.log"), "aux.log"),
                Arguments.of("current folder", List.of(".", "x"), "."));
    }

    @ParameterizedTest(name = "multi-file path element {2}")
    @MethodSource("unsafePaths")
    void unsafeMultiFilePathIsRefused(String what, List<String> path, String shown) throws Exception {
        Path torrent = write("multi.torrent", multiFile("folder", path));

        assertRefused(torrent, "info.files[0]", shown);
    }

    @ParameterizedTest(name = "multi-file folder name \"{2}\"")
    @MethodSource("unsafeNames")
    void unsafeMultiFileFolderNameIsRefused(String what, String name, String shown) throws Exception {
        Path torrent = write("multi.torrent", multiFile(name, List.of("file.txt")));

        assertRefused(torrent, "info.name", shown);
    }

    /** The same hand-made torrent with a safe name passes parsing and fails only at the (absent) tracker. */
    @Test
    void safeNameGetsAsFarAsTheTracker() throws Exception {
        Path torrent = write("fine.torrent", singleFile("fine.txt"));
        Path out = Files.createDirectories(dir.resolve("out"));
        CliHarness cli = new CliHarness();

        int code = cli.run("download", torrent, out, "127.0.0.1", deadPort(), "--connect-timeout", "1");

        assertEquals(ExitCode.UNREACHABLE.code(), code, cli.err());
    }

    private void assertRefused(Path torrent, String field, String shown) throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        CliHarness cli = new CliHarness();
        Set<Path> above;
        try (Stream<Path> siblings = Files.list(dir.getParent())) {
            above = Set.copyOf(siblings.toList());
        }

        // A dead port: should the name get through, the command fails with 4, not 3, and still writes nothing.
        int code = cli.run("download", torrent, out, "127.0.0.1", deadPort(), "--connect-timeout", "1");

        String err = cli.err();
        assertEquals(ExitCode.BAD_TORRENT.code(), code, err);
        assertTrue(err.contains(torrent.toString()), "names the torrent: " + err);
        assertTrue(err.contains(field), "names the field: " + err);
        assertTrue(err.contains(shown), "names the bad name: " + err);
        try (Stream<Path> written = Files.list(out)) {
            assertEquals(List.of(), written.toList(), "output folder stays empty");
        }
        try (Stream<Path> all = Files.walk(dir)) {
            assertEquals(Set.of(dir, torrent, out), Set.copyOf(all.toList()), "nothing written beside them");
        }
        try (Stream<Path> siblings = Files.list(dir.getParent())) {
            // Other programs may write beside the test folder; only a new name with "evil" in it would be ours.
            assertTrue(siblings.filter(p -> !above.contains(p))
                    .noneMatch(p -> p.getFileName().toString().contains("evil")), "nothing above");
        }
    }

    private Path write(String fileName, byte[] torrent) throws IOException {
        return Files.write(dir.resolve(fileName), torrent);
    }

    private static int deadPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** {@code d announce info{length name piece length pieces} pin e}, keys in byte order as bencode requires. */
    private static byte[] singleFile(String name) {
        Bytes info = new Bytes().raw("d").str("length").raw("i3e").str("name").str(name)
                .str("piece length").raw("i16384e").str("pieces").str(new byte[20]).raw("e");
        return torrent(info);
    }

    private static byte[] multiFile(String name, List<String> path) {
        Bytes pathList = new Bytes().raw("l");
        path.forEach(pathList::str);
        pathList.raw("e");
        Bytes info = new Bytes().raw("d").str("files").raw("ld").str("length").raw("i3e").str("path")
                .raw(pathList).raw("ee").str("name").str(name).str("piece length").raw("i16384e")
                .str("pieces").str(new byte[20]).raw("e");
        return torrent(info);
    }

    private static byte[] torrent(Bytes info) {
        return new Bytes().raw("d").str("announce").str("quic://127.0.0.1:1").str("info").raw(info)
                .str("qtorrent cert sha256").str(PIN).raw("e").toByteArray();
    }

    /** A tiny bencode writer that does no checking at all. */
    private static final class Bytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bytes raw(String ascii) {
            out.writeBytes(ascii.getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        Bytes raw(Bytes other) {
            out.writeBytes(other.toByteArray());
            return this;
        }

        Bytes str(String utf8) {
            return str(utf8.getBytes(StandardCharsets.UTF_8));
        }

        Bytes str(byte[] bytes) {
            raw(bytes.length + ":");
            out.writeBytes(bytes);
            return this;
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }
}
