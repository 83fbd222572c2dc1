package dev.qtorrent.client.console;

/**
 * Makes text from elsewhere (an AI service's answer, a torrent's comment) safe to print on a terminal: escape
 * sequences could clear the screen, retitle the window, plant clipboard contents or hide text, so they are removed
 * along with every other control character except newline and tab.
 */
public final class TerminalText {
    private static final char ESC = 0x1b;
    private static final char BEL = 0x07;
    /** The 8-bit forms of CSI and of the string introducers (DCS, SOS, OSC, PM, APC). */
    private static final char CSI_8BIT = 0x9b;
    private static final String STRING_8BIT = "\u0090\u0098\u009d\u009e\u009f";

    private TerminalText() {
    }

    /** Returns {@code text} without ECMA-48 escape sequences and control characters other than newline and tab. */
    public static String strip(String text) {
        StringBuilder clean = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ESC) {
                i = skipEscape(text, i + 1);
            } else if (c == CSI_8BIT) {
                i = skipCsi(text, i + 1);
            } else if (STRING_8BIT.indexOf(c) >= 0) {
                i = skipString(text, i + 1);
            } else {
                if (c == '\n' || c == '\t' || !isControl(c)) {
                    clean.append(c);
                }
                i++;
            }
        }
        return clean.toString();
    }

    private static boolean isControl(char c) {
        return c < 0x20 || c >= 0x7f && c <= 0x9f;
    }

    /** Skips what follows an ESC; returns the index after the sequence. */
    private static int skipEscape(String text, int i) {
        if (i >= text.length()) {
            return i;
        }
        char c = text.charAt(i);
        if (c == '[') {
            return skipCsi(text, i + 1);
        }
        if (c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_') {
            return skipString(text, i + 1);
        }
        // Other sequences: intermediate bytes (e.g. "ESC ( B"), then one final byte.
        while (i < text.length() && text.charAt(i) >= 0x20 && text.charAt(i) <= 0x2f) {
            i++;
        }
        return Math.min(i + 1, text.length());
    }

    /** A control sequence: parameter and intermediate bytes, then one final byte from {@code @} to {@code ~}. */
    private static int skipCsi(String text, int i) {
        while (i < text.length()) {
            char c = text.charAt(i++);
            if (c >= 0x40 && c <= 0x7e) {
                return i;
            }
            if (c < 0x20 || c > 0x7e) {
                // Not part of a well-formed sequence: end it here, the character is dropped with it.
                return i;
            }
        }
        return i;
    }

    /** A control string (OSC, DCS, ...): everything up to BEL or the string terminator ESC \ (or 8-bit ST). */
    private static int skipString(String text, int i) {
        while (i < text.length()) {
            char c = text.charAt(i++);
            if (c == BEL || c == 0x9c) {
                return i;
            }
            if (c == ESC && i < text.length() && text.charAt(i) == '\\') {
                return i + 1;
            }
        }
        return i;
    }
}
