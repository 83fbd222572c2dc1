package dev.qtorrent.common.metainfo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.qtorrent.common.bencode.Bencode;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of torrent parsing. Only {@link MetainfoException} may escape, and its message must say
 * that the torrent is not valid. An accepted torrent keeps its bytes, hashes its info span, names only safe paths
 * and describes pieces that add up to its total length.
 *
 * <p>Without {@code JAZZER_FUZZ=1} this replays the inputs under {@code MetainfoFuzzTestInputs/} as a regression test.
 */
class MetainfoFuzzTest {
    private static final Path ROOT = Path.of("/fuzz-root");

    @FuzzTest(maxDuration = "5m")
    void parseAcceptsOnlyConsistentSafeTorrents(byte[] input) {
        Metainfo metainfo;
        try {
            metainfo = Metainfo.parse(input);
        } catch (MetainfoException e) {
            assertTrue(e.getMessage() != null && e.getMessage().startsWith("not a valid torrent: "), e::getMessage);
            return;
        }
        assertArrayEquals(input, metainfo.toBytes());
        assertEquals(InfoHash.of(metainfo.infoBytes()), metainfo.infoHash());
        InfoDictionary info = metainfo.info();
        SafePath.checkElement(info.name());
        long total = 0;
        for (FileEntry file : info.files()) {
            Path resolved = SafePath.resolve(ROOT, file.path());
            assertTrue(resolved.startsWith(ROOT) && !resolved.equals(ROOT), resolved::toString);
            assertEquals(info.name(), file.path().get(0));
            total = Math.addExact(total, file.length());
        }
        assertEquals(total, info.totalLength());
        int count = info.pieceCount();
        if (count > 0) {
            long last = info.pieceSize(count - 1);
            assertTrue(last > 0 && last <= info.pieceLength(), () -> "last piece of " + last + " bytes");
            assertEquals(total, (count - 1) * info.pieceLength() + last);
            assertEquals(InfoDictionary.HASH_LENGTH, info.pieceHash(count - 1).length);
        } else {
            assertEquals(0, total);
        }
        // The hashed bytes must be the info dictionary itself, not a re-encoding of something else.
        assertEquals(info.raw(), Bencode.decode(metainfo.infoBytes()));
    }
}
