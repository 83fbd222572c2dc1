package dev.qtorrent.common.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HaveLineTest {
    private static final String HASH = "c40279e214b3d83f765044c68e3203925b3f6e04";
    private final MessageCodec codec = new MessageCodec();

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 9, 10, 99, 12_345, 1_000_000, Integer.MAX_VALUE})
    void writesWhatJacksonWritesAndReadsItBack(int index) {
        HaveResponse have = new HaveResponse(HASH, index);
        byte[] json = HaveLine.encode(have);
        assertArrayEquals(codec.write(have), json, new String(json, StandardCharsets.UTF_8));
        assertEquals(have, HaveLine.parse(json));
        assertEquals(have, codec.decodeResponseHeader(json));
    }

    @Test
    void theCodecsHeaderIsTheShortcutsLineWithItsNewline() {
        HaveResponse have = new HaveResponse(HASH, 7);
        byte[] line = codec.encodeResponseHeader(have);
        assertEquals("{\"type\":\"have\",\"info_hash\":\"" + HASH + "\",\"index\":7}\n",
                new String(line, StandardCharsets.UTF_8));
    }

    /** Valid JSON in another form: the shortcut passes, the general path reads it. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"index\":5,\"type\":\"have\",\"info_hash\":\"" + HASH + "\"}",
        "{\"type\":\"have\", \"info_hash\":\"" + HASH + "\",\"index\":5}",
        "{\"type\":\"have\",\"info_hash\":\"" + HASH + "\",\"index\":5 }",
    })
    void otherFormsGoToTheGeneralPath(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertNull(HaveLine.parse(bytes));
        assertEquals(new HaveResponse(HASH, 5), codec.decodeResponseHeader(bytes));
    }

    /** What the general path refuses, the shortcut does not accept either. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"have\",\"info_hash\":\"" + HASH + "\",\"index\":007}",
        "{\"type\":\"have\",\"info_hash\":\"" + HASH + "\",\"index\":2147483648}",
        "{\"type\":\"have\",\"info_hash\":\"" + HASH + "\",\"index\":-1}",
        "{\"type\":\"have\",\"info_hash\":\"" + HASH + "\",\"index\":1.5}",
        "{\"type\":\"have\",\"info_hash\":\"C40279E214B3D83F765044C68E3203925B3F6E04\",\"index\":1}",
        "{\"type\":\"have\",\"info_hash\":\"c40279e214b3d83f765044c68e3203925b3f6e0g\",\"index\":1}",
        "{\"type\":\"have\",\"info_hash\":\"" + HASH + "\",\"index\":}",
        "{\"type\":\"have\",\"info_hash\":\"" + HASH + "\",\"index\":1",
    })
    void whatTheGeneralPathRefusesIsRefused(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertNull(HaveLine.parse(bytes));
        assertThrows(ProtocolException.class, () -> codec.decodeResponseHeader(bytes));
    }
}
