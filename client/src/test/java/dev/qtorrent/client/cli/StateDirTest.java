package dev.qtorrent.client.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.tracker.TestTracker;
import dev.qtorrent.tracker.seed.SeededTorrent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's identity in its state folder, through the real command line over loopback QUIC: made on first use,
 * reused, presented as the client certificate on the connections of download, create and the console, found in
 * {@code --state-dir} when given, and never replaced when damaged. The certificate presented is compared with the
 * SHA-256 of the certificate file, computed here.
 */
@Timeout(60)
class StateDirTest {
    @TempDir
    Path dir;

    @Test
    void downloadMakesTheIdentityInStateDirOnceAndReusesIt() throws Exception {
        Path state = dir.resolve("state");
        try (TestTracker tracker = TestTracker.start(seed())) {
            SeededTorrent hello = tracker.torrent("hello.txt");
            CliHarness first = new CliHarness();
            assertEquals(0, first.run("download", hello.torrentFile(), dir.resolve("one.txt"), "127.0.0.1",
                    tracker.address().getPort(), "--state-dir", state), first.err());
            byte[] key = Files.readAllBytes(state.resolve("identity-key.pem"));
            String fingerprint = sha256OfPem(state.resolve("identity-cert.pem"));

            CliHarness second = new CliHarness();
            assertEquals(0, second.run("download", hello.torrentFile(), dir.resolve("two.txt"), "127.0.0.1",
                    tracker.address().getPort(), "--state-dir", state), second.err());

            assertEquals(fingerprint, sha256OfPem(state.resolve("identity-cert.pem")));
            assertArrayEquals(key, Files.readAllBytes(state.resolve("identity-key.pem")));
            if (Files.getFileAttributeView(state, PosixFileAttributeView.class) != null) {
                assertEquals("rw-------", PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(state.resolve("identity-key.pem"))));
            }
        }
    }

    @Test
    void downloadPresentsTheStateDirsCertificate() throws Exception {
        Path state = dir.resolve("state");
        Path torrent = torrentFor(dir.resolve("hello.txt"));
        try (MuteTracker mute = MuteTracker.silent()) {
            CliHarness cli = new CliHarness();

            int code = cli.run("download", torrent, dir.resolve("out.txt"), "127.0.0.1", mute.port(),
                    "--pin", mute.identity().fingerprint().hex(), "--state-dir", state, "--stall-timeout", "1",
                    "--reconnect-window", "0", "--connect-timeout", "2");

            assertEquals(ExitCode.UNREACHABLE.code(), code, cli.err());
            String expected = sha256OfPem(state.resolve("identity-cert.pem"));
            assertFalse(mute.clientCertificates().isEmpty());
            assertTrue(mute.clientCertificates().stream().allMatch(expected::equals), mute.clientCertificates()
                    + " expected " + expected);
        }
    }

    @Test
    void createPresentsTheStateDirsCertificate() throws Exception {
        Path source = Files.writeString(dir.resolve("data.txt"), "some data");
        try (MuteTracker mute = MuteTracker.silent()) {
            CliHarness create = new CliHarness();

            assertEquals(0, create.run("create", source, "--tracker", "quic://127.0.0.1:" + mute.port(),
                    "--state-dir", dir.resolve("state"), "-o", dir.resolve("data.torrent")), create.err());

            assertEquals(List.of(sha256OfPem(dir.resolve("state/identity-cert.pem"))), mute.clientCertificates());
        }
    }

    @Test
    void consoleStateDirAppliesToItsCommands() throws Exception {
        Path source = Files.writeString(dir.resolve("data.txt"), "some data");
        try (MuteTracker mute = MuteTracker.silent()) {
            CliHarness console = new CliHarness("/create " + source + " --tracker quic://127.0.0.1:" + mute.port()
                    + " -o " + dir.resolve("data.torrent") + "\n/quit\n");

            assertEquals(0, console.run("--state-dir", dir.resolve("state")), console.err());

            assertTrue(Files.exists(dir.resolve("data.torrent")), console.out() + console.err());
            assertEquals(List.of(sha256OfPem(dir.resolve("state/identity-cert.pem"))), mute.clientCertificates());
        }
    }

    @Test
    void stateDirBeforeTheCommandNameApplies() throws Exception {
        Path source = Files.writeString(dir.resolve("data.txt"), "some data");
        try (MuteTracker mute = MuteTracker.silent()) {
            CliHarness cli = new CliHarness();

            assertEquals(0, cli.run("--state-dir", dir.resolve("state"), "create", source, "--tracker",
                    "quic://127.0.0.1:" + mute.port(), "-o", dir.resolve("data.torrent")), cli.err());

            assertEquals(List.of(sha256OfPem(dir.resolve("state/identity-cert.pem"))), mute.clientCertificates());
        }
    }

    @Test
    void withoutStateDirTheDefaultFolderIsUsed() throws Exception {
        try (TestTracker tracker = TestTracker.start(seed())) {
            CliHarness cli = new CliHarness();

            int code = cli.run("download", tracker.torrent("hello.txt").torrentFile(), dir.resolve("out.txt"),
                    "127.0.0.1", tracker.address().getPort());

            assertEquals(0, code, cli.err());
            assertTrue(Files.isRegularFile(CliHarness.STATE_DIR.resolve("identity-cert.pem")));
            assertTrue(Files.isRegularFile(CliHarness.STATE_DIR.resolve("identity-key.pem")));
        }
    }

    @Test
    void damagedKeyStopsTheClientAndIsLeftAlone() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        try (TestTracker tracker = TestTracker.start(seed())) {
            SeededTorrent hello = tracker.torrent("hello.txt");
            CliHarness setUp = new CliHarness();
            assertEquals(0, setUp.run("download", hello.torrentFile(), dir.resolve("one.txt"), "127.0.0.1",
                    tracker.address().getPort(), "--state-dir", state), setUp.err());
            Path key = state.resolve("identity-key.pem");
            Files.writeString(key, "-----BEGIN PRIVATE KEY-----\ngarbage\n", StandardCharsets.US_ASCII);
            byte[] damaged = Files.readAllBytes(key);
            CliHarness cli = new CliHarness();

            int code = cli.run("download", hello.torrentFile(), dir.resolve("two.txt"), "127.0.0.1",
                    tracker.address().getPort(), "--state-dir", state);

            assertEquals(ExitCode.LOCAL_IO.code(), code, cli.err());
            assertTrue(cli.err().contains(key + " is damaged"), cli.err());
            assertArrayEquals(damaged, Files.readAllBytes(key));
            assertFalse(Files.exists(dir.resolve("two.txt")));
        }
    }

    private Path seed() throws Exception {
        Path seed = Files.createDirectories(dir.resolve("seed"));
        Files.writeString(seed.resolve("hello.txt"), "Hello World!");
        return seed;
    }

    /** A torrent for a file of its own, written by the client's create command with a placeholder pin. */
    private Path torrentFor(Path file) throws Exception {
        Files.writeString(file, "Hello World!");
        Path torrent = dir.resolve("hello.torrent");
        CliHarness cli = new CliHarness();
        assertEquals(0, cli.run("create", file, "--tracker", "quic://127.0.0.1:1", "--pin", "00".repeat(32), "-o",
                torrent), cli.err());
        return torrent;
    }

    /** The SHA-256 of the DER bytes inside a PEM certificate file, as {@code openssl x509 -outform DER} gives. */
    private static String sha256OfPem(Path pem) throws Exception {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        String base64 = text.substring(text.indexOf("-----BEGIN CERTIFICATE-----") + 27,
                text.indexOf("-----END CERTIFICATE-----")).replaceAll("\\s", "");
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Base64.getDecoder().decode(base64)));
    }
}
