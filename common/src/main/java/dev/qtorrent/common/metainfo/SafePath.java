package dev.qtorrent.common.metainfo;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks file names taken from torrents and requests before they touch the file system. Names are rejected, never
 * cleaned up: a name that needs fixing came from a broken or hostile peer. The rules are the union of what is unsafe
 * on Linux, macOS and Windows, so a torrent that works on one works on all.
 */
public final class SafePath {

    private static final Set<String> WINDOWS_DEVICES = Set.of("CON", "PRN", "AUX", "NUL",
            "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM\u00b9", "COM\u00b2", "COM\u00b3",
            "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT\u00b9", "LPT\u00b2", "LPT\u00b3");

    private SafePath() {
    }

    /**
     * Accepts one path element (a file or folder name) or throws {@link IllegalArgumentException} saying why not.
     * Rejected: empty, {@code .}, {@code ..}, {@code /} or {@code \}, control characters (NUL included), {@code :}
     * (drive letters such as {@code C:} and NTFS alternate streams), Windows device names with or without an extension
     * ({@code CON}, {@code con.txt}, {@code LPT1}), and a trailing dot or space (Windows drops them, so two names would
     * meet on one file). Dotfiles such as {@code .hidden} are accepted.
     */
    public static void checkElement(String element) {
        if (element == null || element.isEmpty()) {
            throw new IllegalArgumentException("empty path element");
        }
        if (element.equals(".") || element.equals("..")) {
            throw reject(element, "refers to a directory by a relative name");
        }
        for (int i = 0; i < element.length(); i++) {
            char c = element.charAt(i);
            if (c == '/' || c == '\\') {
                throw reject(element, "contains a path separator");
            }
            if (c < 0x20 || c == 0x7f) {
                throw reject(element, String.format("contains control character U+%04X", (int) c));
            }
            if (c == ':') {
                throw reject(element, "contains ':' (a drive letter or alternate data stream on Windows)");
            }
        }
        char last = element.charAt(element.length() - 1);
        if (last == '.' || last == ' ') {
            throw reject(element, "ends with a dot or space");
        }
        int dot = element.indexOf('.');
        String base = (dot < 0 ? element : element.substring(0, dot)).stripTrailing();
        if (WINDOWS_DEVICES.contains(base.toUpperCase(Locale.ROOT))) {
            throw reject(element, "is a reserved device name on Windows");
        }
    }

    /**
     * Resolves {@code elements} under {@code root} after checking each one, and checks that the normalized result is
     * still strictly inside {@code root}.
     *
     * @throws IllegalArgumentException if an element is unsafe, the list is empty, or the path escapes the root
     */
    public static Path resolve(Path root, List<String> elements) {
        if (elements.isEmpty()) {
            throw new IllegalArgumentException("empty path");
        }
        Path result = root.normalize();
        for (String element : elements) {
            checkElement(element);
            result = result.resolve(element);
        }
        result = result.normalize();
        // The element checks already rule out escapes; this guards against platform path rules they do not know.
        // Absolute forms are compared because a relative root such as "" or "." is no prefix of anything.
        Path absoluteRoot = root.toAbsolutePath().normalize();
        Path absoluteResult = result.toAbsolutePath().normalize();
        if (!absoluteResult.startsWith(absoluteRoot) || absoluteResult.equals(absoluteRoot)) {
            throw new IllegalArgumentException("path " + String.join("/", elements) + " escapes " + root);
        }
        return result;
    }

    private static IllegalArgumentException reject(String element, String why) {
        return new IllegalArgumentException("unsafe path element \"" + printable(element) + "\": " + why);
    }

    /** Control characters are escaped so the message itself cannot mangle a terminal. */
    private static String printable(String element) {
        StringBuilder out = new StringBuilder(element.length());
        element.chars().forEach(c -> out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", c) : (char) c));
        return out.toString();
    }
}
