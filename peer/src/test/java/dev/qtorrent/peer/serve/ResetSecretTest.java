package dev.qtorrent.peer.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResetSecretTest {
    @TempDir
    Path tls;

    @Test
    void theSecretIsOwnerOnlyAndKept() throws Exception {
        ResetSecret first = ResetSecret.loadOrCreate(tls);
        Path file = tls.resolve(ResetSecret.FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        byte[] bytes = Files.readAllBytes(file);
        ResetSecret again = ResetSecret.loadOrCreate(tls);
        assertArrayEquals(bytes, Files.readAllBytes(file));
        assertArrayEquals(first.handshakeToken(), again.handshakeToken());
        assertEquals(16, first.handshakeToken().length);
    }
}
