package dev.qtorrent.bench.announce;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The external programs the opentracker half needs, looked up on the PATH. */
final class Programs {
    private Programs() {
    }

    /** Which program is missing, with the Debian package to install, or null when both are there. */
    static String missing() {
        for (String program : List.of("opentracker", "wrk")) {
            if (!onPath(program)) {
                return program + " is not installed (apt-get install " + program + ")";
            }
        }
        return null;
    }

    static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
