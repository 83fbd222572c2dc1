package dev.qtorrent.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ClientMainTest {
    @Test
    void findsTheSubcommandAfterRootOptionsAndTheirValues() {
        assertEquals("download", ClientMain.command(new String[] {"download", "a.torrent"}));
        assertEquals("download", ClientMain.command(new String[] {"--state-dir", "st", "download", "a.torrent"}));
        assertEquals("download", ClientMain.command(new String[] {"--state-dir=st", "download"}));
        assertEquals("seed", ClientMain.command(new String[] {"--ai-url", "http://x", "seed", "t"}));
        assertNull(ClientMain.command(new String[] {"--state-dir", "download"}), "download is the folder here");
        assertNull(ClientMain.command(new String[0]));
    }
}
