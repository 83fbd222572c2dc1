package dev.qtorrent.client.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LineSplitterTest {

    static Stream<Arguments> lines() {
        return Stream.of(
                Arguments.of("empty line", "", List.of()),
                Arguments.of("only blanks", "  \t ", List.of()),
                Arguments.of("single word", "/help", List.of("/help")),
                Arguments.of("words and extra blanks", "  /download  a.torrent\tout.txt  ",
                        List.of("/download", "a.torrent", "out.txt")),
                Arguments.of("double quotes keep spaces", "/download \"my file.torrent\" out",
                        List.of("/download", "my file.torrent", "out")),
                Arguments.of("single quotes keep spaces", "/download 'my file.torrent' out",
                        List.of("/download", "my file.torrent", "out")),
                Arguments.of("escaped double quote", "say \"a \\\"quoted\\\" word\"",
                        List.of("say", "a \"quoted\" word")),
                Arguments.of("escaped backslash", "\"a\\\\b\"", List.of("a\\b")),
                Arguments.of("other backslashes kept in double quotes", "\"C:\\dir\\f.torrent\"",
                        List.of("C:\\dir\\f.torrent")),
                Arguments.of("backslash literal outside quotes", "C:\\dir\\f.torrent", List.of("C:\\dir\\f.torrent")),
                Arguments.of("single quotes are literal", "'a\\\"b'", List.of("a\\\"b")),
                Arguments.of("double quote inside single quotes", "'say \"hi\"'", List.of("say \"hi\"")),
                Arguments.of("single quote inside double quotes", "\"it's\"", List.of("it's")),
                Arguments.of("quotes join adjacent text", "pre\"fix suf\"fix", List.of("prefix suffix")),
                Arguments.of("empty quotes are an empty word", "a \"\" ''", List.of("a", "", "")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lines")
    void splitsWords(String caseName, String line, List<String> expected) {
        assertEquals(expected, LineSplitter.split(line));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/download \"my file", "/download 'my file", "\"ends with escape\\\"", "'", "\""})
    void rejectsUnterminatedQuote(String line) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LineSplitter.split(line));
        assertTrue(e.getMessage().startsWith("Unterminated"), e.getMessage());
    }

    @Test
    void messageSaysWhereTheQuoteStarts() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> LineSplitter.split("/download \"x"));
        assertEquals("Unterminated \" quote starting at column 11: add the closing \"", e.getMessage());
    }
}
