package dev.qtorrent.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.client.download.LocalStorageException;
import dev.qtorrent.common.tls.NodeIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The identity read ahead while the client starts is the one in the folder the command uses, or none at all. */
class IdentityPreloadTest {
    @TempDir
    Path dir;

    @Test
    void theIdentityReadAheadIsTheOneTheCommandGets() throws Exception {
        Path state = dir.resolve("state");
        NodeIdentity made = ClientIdentity.load(state);
        IdentityPreload preload = IdentityPreload.start(state);

        NodeIdentity loaded = ClientIdentity.load(state, preload);

        assertSame(preload.take(state).orElseThrow(), loaded, "taken from the read-ahead, not read again");
        assertEquals(made.fingerprint(), loaded.fingerprint());
    }

    @Test
    void aFolderWithoutAnIdentityIsLeftToTheCommand() throws Exception {
        Path state = dir.resolve("new");

        IdentityPreload preload = IdentityPreload.start(state);

        assertSame(IdentityPreload.NONE, preload);
        assertTrue(Files.notExists(state), "nothing is created ahead");
        ClientIdentity.load(state, preload);
        assertTrue(Files.exists(state.resolve(NodeIdentity.Role.PEER.certificateFile())));
    }

    @Test
    void anotherFolderThanTheOneReadAheadIsReadItself() throws Exception {
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        NodeIdentity firstIdentity = ClientIdentity.load(first);
        NodeIdentity secondIdentity = ClientIdentity.load(second);

        NodeIdentity loaded = ClientIdentity.load(second, IdentityPreload.start(first));

        assertEquals(secondIdentity.fingerprint(), loaded.fingerprint());
        assertNotEquals(firstIdentity.fingerprint(), loaded.fingerprint());
    }

    @Test
    void aDamagedIdentityIsReportedAsWithoutTheReadAhead() throws Exception {
        Path state = dir.resolve("state");
        ClientIdentity.load(state);
        Path key = state.resolve(NodeIdentity.Role.PEER.keyFile());
        byte[] damaged = Files.readAllBytes(key);
        damaged[40] ^= 0x11;
        Files.write(key, damaged);
        String plain = assertThrows(LocalStorageException.class, () -> ClientIdentity.load(state)).getMessage();

        LocalStorageException e = assertThrows(LocalStorageException.class,
                () -> ClientIdentity.load(state, IdentityPreload.start(state)));

        assertEquals(plain, e.getMessage());
        assertArrayEquals(damaged, Files.readAllBytes(key), "the damaged file is left as it is");
    }
}
