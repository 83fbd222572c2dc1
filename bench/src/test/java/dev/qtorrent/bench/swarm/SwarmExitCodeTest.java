package dev.qtorrent.bench.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The swarm command as a process whose PATH holds none of the programs it needs: it says so in one line and exits
 * 4, before it makes any namespace (without {@code ip} it could not).
 */
class SwarmExitCodeTest {
    @TempDir
    Path dir;

    @Test
    void aMissingProgramIsOneLineAndExitCodeFour() throws IOException, InterruptedException {
        Path jar = Files.writeString(dir.resolve("any.jar"), "");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(List.of(java.toString(), "-cp",
                System.getProperty("java.class.path"), "dev.qtorrent.bench.BenchMain", "swarm", "--no-aria2", "--start", "java-jar",
                "--tracker-jar", jar.toString(), "--client-jar", jar.toString()));
        builder.environment().put("PATH", dir.toString());
        Process process = builder.directory(dir.toFile()).start();
        process.getOutputStream().close();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(4, process.exitValue(), err);
        assertEquals(List.of("swarm: missing ip, tc, ss, bash: apt-get install iproute2 bash"), err.lines().toList());
    }
}
