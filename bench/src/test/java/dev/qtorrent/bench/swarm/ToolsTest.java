package dev.qtorrent.bench.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolsTest {
    @TempDir
    Path bin;

    private void install(String... tools) throws IOException {
        for (String tool : tools) {
            Path file = Files.writeString(bin.resolve(tool), "#!/bin/sh\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void namesWhatIsMissingAndItsPackages() throws IOException {
        install("ip", "tc", "ss", "bash", "mktorrent");
        SwarmUnavailableException e = assertThrows(SwarmUnavailableException.class,
                () -> Tools.check(true, "/nonexistent:" + bin));
        assertEquals(SwarmUnavailableException.Reason.MISSING_TOOL, e.reason());
        assertEquals(4, e.reason().exitCode());
        assertTrue(e.getMessage().startsWith("missing aria2c, opentracker: apt-get install aria2 opentracker"),
                e.getMessage());
        assertTrue(e.getMessage().contains("--no-aria2"), e.getMessage());
    }

    @Test
    void withoutAria2OnlyTheNetworkToolsAreNeeded() throws Exception {
        install("ip", "tc", "ss", "bash");
        Tools.check(false, bin.toString());
        Files.delete(bin.resolve("tc"));
        SwarmUnavailableException e = assertThrows(SwarmUnavailableException.class,
                () -> Tools.check(false, bin.toString()));
        assertEquals("missing tc: apt-get install iproute2", e.getMessage());
    }

    @Test
    void aFileThatCannotBeRunIsNotATool() throws IOException {
        Files.writeString(bin.resolve("ip"), "");
        assertEquals(false, Tools.onPath("ip", bin.toString()));
        assertEquals(false, Tools.onPath("ip", null));
    }
}
