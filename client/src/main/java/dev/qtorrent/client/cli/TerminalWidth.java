package dev.qtorrent.client.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The width of the terminal the progress line is drawn on. Java has no call for it, so it is read from
 * {@code COLUMNS} when the shell exports it, else from {@code stty size} on the controlling terminal, only when
 * there is one; anything else gets 80 columns. It is read once, when a download starts.
 */
final class TerminalWidth {
    static final int DEFAULT = 80;
    /** Narrower than this, a progress line cannot say anything useful; such values are taken as errors. */
    private static final int MIN = 10;

    private TerminalWidth() {
    }

    static int of(Map<String, String> env, boolean terminal) {
        Integer columns = parse(env.get("COLUMNS"));
        if (columns != null) {
            return columns;
        }
        if (terminal) {
            Integer stty = stty();
            if (stty != null) {
                return stty;
            }
        }
        return DEFAULT;
    }

    static Integer parse(String columns) {
        try {
            int value = Integer.parseInt(columns == null ? "" : columns.strip());
            return value >= MIN ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code stty size} prints "rows columns" for the terminal on its standard input. */
    private static Integer stty() {
        File tty = new File("/dev/tty");
        if (!tty.exists()) {
            return null;
        }
        try {
            Process process = new ProcessBuilder("stty", "size").redirectInput(tty)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(1, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return null;
            }
            String[] size = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip()
                    .split("\\s+");
            return process.exitValue() == 0 && size.length == 2 ? parse(size[1]) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
