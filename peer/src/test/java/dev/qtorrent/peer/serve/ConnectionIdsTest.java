package dev.qtorrent.peer.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The tracker's connection ids carry what a later run needs to reset their connections, and nothing forgeable. */
class ConnectionIdsTest {
    private final ResetSecret secret = ResetSecret.random();

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "1, 1", "8, 8", "9, 0", "20, 0"})
    void theClientsIdIsKeptWhenShort(int clientLength, int kept) {
        ConnectionIds ids = new ConnectionIds(secret);
        byte[] client = new byte[clientLength];
        Arrays.fill(client, (byte) 0x5a);
        byte[] id = bytes(ids.newId(ByteBuffer.wrap(client), ByteBuffer.wrap(new byte[8]), ConnectionIds.LENGTH));
        assertEquals(ConnectionIds.LENGTH, id.length);
        ConnectionIds.Parsed parsed = ids.parse(id);
        assertNotNull(parsed);
        assertArrayEquals(Arrays.copyOf(client, kept), parsed.clientId());
        assertFalse(parsed.issuedLater());
        assertFalse(ids.fromOtherRun(parsed), "made by this run");
    }

    @Test
    void laterIdsKeepTheClientsIdAndAreMarked() {
        ConnectionIds ids = new ConnectionIds(secret);
        byte[] client = {1, 2, 3, 4, 5, 6, 7, 8};
        ByteBuffer first = ids.newId(ByteBuffer.wrap(client), ByteBuffer.wrap(new byte[8]), ConnectionIds.LENGTH);
        byte[] later = bytes(ids.newId(first, ConnectionIds.LENGTH));
        assertNotEquals(ByteBuffer.wrap(bytes(first)), ByteBuffer.wrap(later));
        ConnectionIds.Parsed parsed = ids.parse(later);
        assertTrue(parsed.issuedLater());
        assertArrayEquals(client, parsed.clientId());
    }

    @Test
    void anotherRunWithTheSameSecretRecognisesThem() {
        byte[] id = bytes(new ConnectionIds(secret).newId(ByteBuffer.wrap(new byte[8]), ByteBuffer.wrap(new byte[8]),
                ConnectionIds.LENGTH));
        ConnectionIds nextRun = new ConnectionIds(secret);
        assertTrue(nextRun.fromOtherRun(nextRun.parse(id)));
    }

    @Test
    void idsOfAnotherSecretOrAlteredOnesAreNotOurs() {
        byte[] id = bytes(new ConnectionIds(secret).newId(ByteBuffer.wrap(new byte[8]), ByteBuffer.wrap(new byte[8]),
                ConnectionIds.LENGTH));
        assertNull(new ConnectionIds(ResetSecret.random()).parse(id));
        byte[] altered = id.clone();
        altered[7] ^= 1;
        assertNull(new ConnectionIds(secret).parse(altered));
        assertNull(new ConnectionIds(secret).parse(Arrays.copyOf(id, 19)));
    }

    @Test
    void tokensDependOnTheIdAndTheSecret() {
        ByteBuffer id = ByteBuffer.wrap(new byte[] {9, 9, 9});
        assertEquals(16, bytes(secret.token(id)).length);
        assertArrayEquals(bytes(secret.token(id)), bytes(secret.token(id)));
        assertNotEquals(ByteBuffer.wrap(bytes(secret.token(id))), ByteBuffer.wrap(bytes(secret.token(
                ByteBuffer.wrap(new byte[] {9, 9, 8})))));
        assertNotEquals(ByteBuffer.wrap(bytes(secret.token(id))), ByteBuffer.wrap(bytes(ResetSecret.random().token(id))));
    }
}
