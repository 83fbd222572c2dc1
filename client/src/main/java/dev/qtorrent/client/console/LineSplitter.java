package dev.qtorrent.client.console;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a console line into words the way a small subset of a POSIX shell does: whitespace separates words,
 * single quotes keep everything literal, and double quotes allow {@code \"} and {@code \\} escapes.
 */
public final class LineSplitter {

    private LineSplitter() {
    }

    /**
     * Returns the words of {@code line}; quoted parts join the word they touch, so {@code a"b c"} is one word.
     *
     * @throws IllegalArgumentException if a quote is not closed
     */
    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        // Tracks whether a word has started, so that "" yields an empty word instead of nothing.
        boolean inWord = false;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '\'') {
                i = readSingleQuoted(line, i, word);
                inWord = true;
            } else if (c == '"') {
                i = readDoubleQuoted(line, i, word);
                inWord = true;
            } else {
                // A backslash outside quotes stays literal so unquoted Windows paths survive.
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return List.copyOf(words);
    }

    /** Appends the text between the quote at {@code open} and its partner; returns the index after the partner. */
    private static int readSingleQuoted(String line, int open, StringBuilder word) {
        int close = line.indexOf('\'', open + 1);
        if (close < 0) {
            throw unterminated('\'', open);
        }
        word.append(line, open + 1, close);
        return close + 1;
    }

    private static int readDoubleQuoted(String line, int open, StringBuilder word) {
        int i = open + 1;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            // Only \" and \\ are escapes, as in a shell; other backslashes are kept so "C:\dir" reads as typed.
            if (c == '\\' && i + 1 < line.length() && isEscapable(line.charAt(i + 1))) {
                word.append(line.charAt(i + 1));
                i += 2;
            } else {
                word.append(c);
                i++;
            }
        }
        throw unterminated('"', open);
    }

    private static boolean isEscapable(char c) {
        return c == '"' || c == '\\';
    }

    private static IllegalArgumentException unterminated(char quote, int position) {
        return new IllegalArgumentException(
                "Unterminated " + quote + " quote starting at column " + (position + 1) + ": add the closing " + quote);
    }
}
