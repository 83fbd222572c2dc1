package dev.qtorrent.client.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TerminalTextTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("plain text is kept", "Hello, wörld: 1 < 2 ✓", "Hello, wörld: 1 < 2 ✓"),
                Arguments.of("newline and tab are kept", "a\n\tb\n", "a\n\tb\n"),
                Arguments.of("CRLF becomes LF", "a\r\nb", "a\nb"),
                Arguments.of("clear screen and retitle", "\u001b[2J\u001b]0;title\u0007answer", "answer"),
                Arguments.of("colours", "\u001b[1;31mred\u001b[0m text", "red text"),
                Arguments.of("private-mode CSI", "\u001b[?1049hx\u001b[?25l", "x"),
                Arguments.of("OSC ended by ESC backslash", "a\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\b",
                        "alinkb"),
                Arguments.of("OSC 52 clipboard write", "x\u001b]52;c;ZWNobyBoaQ==\u0007y", "xy"),
                Arguments.of("unterminated OSC drops the rest", "ok\u001b]0;never ends", "ok"),
                Arguments.of("DCS string", "a\u001bPq#0;2;0;0;0\u001b\\b", "ab"),
                Arguments.of("two-character escape", "a\u001bcb", "ab"),
                Arguments.of("charset designation", "a\u001b(Bb", "ab"),
                Arguments.of("trailing lone ESC", "a\u001b", "a"),
                Arguments.of("other C0 controls", "a\u0000b\u0007c\bd\u000be\u000cf\u007fg", "abcdefg"),
                Arguments.of("8-bit CSI and OSC", "a\u009b2Jb\u009d0;t\u009cc\u0085d", "abcd"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void stripsControlSequences(String label, String input, String expected) {
        assertEquals(expected, TerminalText.strip(input));
    }
}
