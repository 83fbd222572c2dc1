package dev.qtorrent.common.metainfo;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SafePathTest {

    static Stream<Arguments> unsafeElements() {
        return Stream.of(
                Arguments.of("empty", ""),
                Arguments.of("current directory", "."),
                Arguments.of("parent directory", ".."),
                Arguments.of("absolute Unix path", "/etc/passwd"),
                Arguments.of("forward slash", "a/b"),
                Arguments.of("backslash", "a\\b"),
                Arguments.of("Windows absolute path", "\\Windows"),
                Arguments.of("drive letter", "C:"),
                Arguments.of("drive-relative path", "C:evil"),
                Arguments.of("alternate data stream", "file.txt:stream"),
                Arguments.of("NUL character", "a\0b"),
                Arguments.of("newline", "a\nb"),
                Arguments.of("escape character", "\u001b[31m"),
                Arguments.of("DEL character", "a\u007fb"),
                Arguments.of("device CON", "CON"),
                Arguments.of("device in lower case with extension", "con.txt"),
                Arguments.of("device with two extensions", "Aux.tar.gz"),
                Arguments.of("device with trailing space before extension", "nul .txt"),
                Arguments.of("device LPT1", "LPT1"),
                Arguments.of("device COM9", "com9.log"),
                Arguments.of("device COM superscript one", "COM\u00b9"),
                Arguments.of("trailing dot", "notes."),
                Arguments.of("trailing space", "notes "),
                Arguments.of("only dots", "..."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsafeElements")
    void rejectsUnsafeElement(String description, String element) {
        assertThrows(IllegalArgumentException.class, () -> SafePath.checkElement(element), description);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello_world.txt", "\u00fcn\u00efcode.bin", ".hidden", "CONSOLE", "con_log.txt", "LPT10",
            "COM0", "a b", "x..y", "\u65e5\u672c\u8a9e.txt", "emoji \ud83d\ude00.png", "-rf", "~"})
    void acceptsSafeElement(String element) {
        assertDoesNotThrow(() -> SafePath.checkElement(element));
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "a/../..", "/etc"})
    void resolveRejectsEscapes(String element) {
        Path root = Path.of("/srv/seed");

        assertThrows(IllegalArgumentException.class, () -> SafePath.resolve(root, List.of("ok", element)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/srv/seed", "/srv/seed/", "/srv/./seed", "seed", ".", ""})
    void resolveStaysUnderRoot(String rootText) {
        Path root = Path.of(rootText);

        Path resolved = SafePath.resolve(root, List.of("album", "sub", "03-outro.txt"));

        assertEquals(root.normalize().resolve("album/sub/03-outro.txt"), resolved);
    }

    @Test
    void resolveRejectsAnEmptyPath() {
        assertThrows(IllegalArgumentException.class, () -> SafePath.resolve(Path.of("/srv"), List.of()));
    }
}
