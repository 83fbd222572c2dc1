package dev.qtorrent.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Options of the loopback benchmark that are refused before anything starts, and the hello-world launcher. */
class BenchOptionsTest {
    @TempDir
    Path dir;

    private String usageError(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = BenchMain.newCommandLine(new PrintWriter(new StringWriter()), new PrintWriter(err, true));
        assertEquals(2, cli.execute(args), err.toString());
        return err.toString().lines().findFirst().orElseThrow();
    }

    @Test
    void datagramSizesOutsideWhatTheClientAcceptsAreRefused() {
        assertEquals("bench: --datagram-sizes: 1199 is not from 1200 to 16384 bytes (or 0 for none)",
                usageError("--datagram-sizes", "1452,1199"));
        assertEquals("bench: --datagram-sizes: 16385 is not from 1200 to 16384 bytes (or 0 for none)",
                usageError("--datagram-sizes=16385"));
        assertEquals("bench: --datagram-sizes: '1k' is not a number of bytes (try 1452 or 16384,1452)",
                usageError("--datagram-sizes", "1452,1k"));
        assertEquals("bench: --datagram-sizes: '' is not a number of bytes (try 1452 or 16384,1452)",
                usageError("--datagram-sizes", "1452,"));
    }

    @Test
    void aSeederRateThatIsNotASizeIsRefused() {
        assertEquals("bench: --seeder-rate: not a size: fast (try 1GiB, 200MiB, 4g)",
                usageError("sources", "--seeder-rate", "fast"));
        assertEquals("bench: --seeder-rate: not a size: -5M (try 1GiB, 200MiB, 4g)",
                usageError("sources", "--seeder-rate=-5M"));
    }

    @Test
    void aNegativeHelloWorldCountIsRefused() {
        assertTrue(usageError("--hello-world", "-1").contains("--hello-world"));
    }

    @Test
    void theLauncherIsUsedOnlyWhenItStartsTheMeasuredJar() throws IOException {
        Path jar = Files.createDirectories(dir.resolve("client/target")).resolve("client.jar");
        Files.writeString(jar, "");
        assertFalse(HelloWorld.launcher(dir, jar).isPresent(), "no launcher yet");
        Path launcher = Files.createDirectories(dir.resolve("bin")).resolve("qtorrent-client");
        Files.writeString(launcher, "#!/bin/sh\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(launcher.toAbsolutePath(), HelloWorld.launcher(dir, jar).orElseThrow());
        assertFalse(HelloWorld.launcher(dir, dir.resolve("other.jar")).isPresent(), "another jar");
    }

    @Test
    void theLaunchersStartOnlyTheirOwnJars() throws IOException {
        Path tracker = Files.writeString(dir.resolve("tracker.jar"), "");
        Path client = Files.writeString(dir.resolve("client.jar"), "");
        // Tests run in the bench module's folder, which holds no bin/ of launchers.
        String refused = usageError("--tracker-jar", tracker.toString(), "--client-jar", client.toString());
        assertTrue(refused.contains("--start launchers runs bin/qtorrent-tracker, which starts "
                + "tracker/target/tracker.jar"), refused);
        assertTrue(refused.contains("use --start java-jar for " + tracker), refused);
        assertEquals("bench: --start: expected launchers or java-jar, got docker", usageError("--start", "docker",
                "--tracker-jar", tracker.toString(), "--client-jar", client.toString()));
    }
}
