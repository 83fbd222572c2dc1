package dev.qtorrent.common.bencode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class BencodeTest {

    static Stream<Arguments> validValues() {
        return Stream.of(
                Arguments.of("i0e", new BInteger(0)),
                Arguments.of("i42e", new BInteger(42)),
                Arguments.of("i-7e", new BInteger(-7)),
                Arguments.of("i9223372036854775807e", new BInteger(Long.MAX_VALUE)),
                Arguments.of("i-9223372036854775808e", new BInteger(Long.MIN_VALUE)),
                Arguments.of("0:", BBytes.of("")),
                Arguments.of("4:spam", BBytes.of("spam")),
                Arguments.of("le", BList.of()),
                Arguments.of("l4:spami3ee", BList.of(BBytes.of("spam"), new BInteger(3))),
                Arguments.of("de", BDict.empty()),
                Arguments.of("d3:cow3:moo4:spam4:eggse",
                        BDict.builder().put("spam", "eggs").put("cow", "moo").build()),
                Arguments.of("d1:ad1:bl0:eee",
                        BDict.builder().put("a", BDict.builder().put("b", BList.of(BBytes.of(""))).build()).build()),
                // Byte order: 'Z' (0x5a) sorts before 'a' (0x61), and "ab" after "a".
                Arguments.of("d1:Zi1e1:ai2e2:abi3ee",
                        BDict.builder().put("ab", 3).put("a", 2).put("Z", 1).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validValues")
    void decodesValidInputAndEncodesItBackUnchanged(String encoded, BValue expected) {
        byte[] bytes = encoded.getBytes(StandardCharsets.ISO_8859_1);

        BValue decoded = Bencode.decode(bytes);

        assertEquals(expected, decoded);
        assertArrayEquals(bytes, Bencode.encode(decoded));
    }

    @ParameterizedTest(name = "{2}: {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ""                        | 0  | empty input
            x                         | 0  | unknown type byte
            i03e                      | 1  | leading zero in integer
            i00e                      | 1  | double zero
            i-0e                      | 1  | negative zero
            i-03e                     | 1  | negative with leading zero
            ie                        | 1  | empty integer
            i-e                       | 2  | minus without digits
            i12                       | 3  | missing e after integer
            i1x2e                     | 2  | letter inside integer
            i+1e                      | 1  | plus sign
            i9223372036854775808e     | 1  | integer above Long.MAX_VALUE
            i-9223372036854775809e    | 1  | integer below Long.MIN_VALUE
            i99999999999999999999999e | 1  | integer far too long
            03:abc                    | 0  | leading zero in string length
            5:abc                     | 0  | string length beyond input
            99999999999999999999:x    | 0  | string length overflowing a long
            3x:abc                    | 1  | non-digit in string length
            1                         | 1  | string length without colon
            3                         | 0  | string length longer than the whole input
            l4:spam                   | 7  | list without e
            li1e                      | 4  | list truncated after element
            d3:cow3:moo               | 11 | dict without e
            di1e3:mooe                | 1  | integer as dict key
            d3:cowe                   | 6  | dict key without value
            d4:spam1:a3:cow1:be       | 10 | unsorted dict keys
            d3:cow1:a3:cow1:be        | 9  | duplicate dict key
            d1:ai1e1:Ai2ee            | 7  | uppercase after lowercase is unsorted
            i1ei2e                    | 3  | trailing value
            4:spamx                   | 6  | trailing byte
            """)
    void rejectsMalformedInputAtTheOffendingByte(String encoded, int offset, String description) {
        assertRejectedAt(encoded.getBytes(StandardCharsets.ISO_8859_1), offset, description);
    }

    static Stream<Arguments> malformedBinaryInputs() {
        return Stream.of(
                Arguments.of("binary keys out of byte order", concat("d1:", new byte[] {(byte) 0xc3}, "i1e1:ai2ee"),
                        7),
                Arguments.of("NUL as type byte", new byte[] {0}, 0),
                Arguments.of("nesting one level too deep", nestedLists(Bencode.MAX_DEPTH + 1), Bencode.MAX_DEPTH),
                Arguments.of("dict nesting too deep inside a list", concat("l".repeat(Bencode.MAX_DEPTH), "d", ""),
                        Bencode.MAX_DEPTH),
                // A length near Integer.MAX_VALUE must fail on the check, not on allocating a 2 GiB array.
                Arguments.of("length lying about a tiny input", ascii("2147483000:abc"), 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBinaryInputs")
    void rejectsMalformedBinaryInputAtTheOffendingByte(String description, byte[] bytes, int offset) {
        assertRejectedAt(bytes, offset, description);
    }

    @Test
    void acceptsNestingUpToTheLimit() {
        byte[] bytes = nestedLists(Bencode.MAX_DEPTH);

        assertArrayEquals(bytes, Bencode.encode(Bencode.decode(bytes)));
    }

    @Test
    void recordsTheSpanOfEachTopLevelValue() {
        byte[] bytes = ascii("d8:announce3:url4:infod4:name1:xe5:otheri7ee");

        Decoded decoded = Bencode.decodeWithSpans(bytes);

        Map<String, Span> spans = decoded.topLevelSpans();
        assertEquals(3, spans.size());
        assertEquals("d4:name1:xe", new String(spans.get("info").slice(bytes), StandardCharsets.US_ASCII));
        assertEquals("3:url", new String(spans.get("announce").slice(bytes), StandardCharsets.US_ASCII));
        assertEquals("i7e", new String(spans.get("other").slice(bytes), StandardCharsets.US_ASCII));
    }

    @Test
    void recordsNoSpansForNonDictionaries() {
        assertTrue(Bencode.decodeWithSpans(ascii("l1:ae")).topLevelSpans().isEmpty());
    }

    @Test
    void keysAreBytesNotText() {
        // Hybrid torrents key "piece layers" by raw SHA-256 hashes: any bytes must survive, and sort unsigned.
        byte[] binary = {(byte) 0xc3, 0x28, (byte) 0xff, 0};
        byte[] encoded = concat("d1:ai1e4:", binary, "i2ee");

        BDict dict = (BDict) Bencode.decode(encoded);

        assertEquals(List.of("a", new String(binary, StandardCharsets.ISO_8859_1)),
                List.copyOf(dict.entries().keySet()));
        assertArrayEquals(encoded, Bencode.encode(dict));
        assertThrows(IllegalArgumentException.class, () -> BDict.builder().put("Ā", 1).build());
    }

    @Test
    void byteStringsCompareByContent() {
        assertEquals(new BBytes(new byte[] {1, 2}), new BBytes(new byte[] {1, 2}));
        assertEquals(new BBytes(new byte[] {1, 2}).hashCode(), new BBytes(new byte[] {1, 2}).hashCode());
        assertEquals("h\u00e9", new BBytes("h\u00e9".getBytes(StandardCharsets.UTF_8)).asUtf8());
        assertThrows(IllegalArgumentException.class, () -> new BBytes(new byte[] {(byte) 0xff}).asUtf8());
    }

    private static void assertRejectedAt(byte[] bytes, int offset, String description) {
        BencodeException e = assertThrows(BencodeException.class, () -> Bencode.decode(bytes));

        assertEquals(offset, e.offset(), () -> description + ": " + e.getMessage());
        assertTrue(e.getMessage().endsWith("at byte " + offset), e.getMessage());
    }

    private static byte[] nestedLists(int depth) {
        return ascii("l".repeat(depth) + "e".repeat(depth));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(String head, byte[] middle, String tail) {
        byte[] a = ascii(head);
        byte[] c = ascii(tail);
        byte[] out = new byte[a.length + middle.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(middle, 0, out, a.length, middle.length);
        System.arraycopy(c, 0, out, a.length + middle.length, c.length);
        return out;
    }

    private static byte[] concat(String head, String middle, String tail) {
        return concat(head, ascii(middle), tail);
    }
}
