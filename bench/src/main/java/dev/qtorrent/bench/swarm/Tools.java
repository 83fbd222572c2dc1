package dev.qtorrent.bench.swarm;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The programs the swarm benchmark runs, and the Debian package of each, to say what is missing. */
final class Tools {
    private static final Map<String, String> OURS = Map.of("ip", "iproute2", "tc", "iproute2", "ss", "iproute2",
            "bash", "bash");
    private static final Map<String, String> ARIA = Map.of("aria2c", "aria2", "opentracker", "opentracker",
            "mktorrent", "mktorrent");

    private Tools() {
    }

    /** The programs needed, in a stable order. */
    static Map<String, String> needed(boolean aria) {
        Map<String, String> all = new LinkedHashMap<>();
        List.of("ip", "tc", "ss", "bash").forEach(t -> all.put(t, OURS.get(t)));
        if (aria) {
            List.of("aria2c", "opentracker", "mktorrent").forEach(t -> all.put(t, ARIA.get(t)));
        }
        return all;
    }

    /** Fails with one line naming what is missing and how to install it. */
    static void check(boolean aria, String path) throws SwarmUnavailableException {
        List<String> missing = new ArrayList<>();
        List<String> packages = new ArrayList<>();
        needed(aria).forEach((tool, pkg) -> {
            if (!onPath(tool, path)) {
                missing.add(tool);
                if (!packages.contains(pkg)) {
                    packages.add(pkg);
                }
            }
        });
        if (!missing.isEmpty()) {
            throw new SwarmUnavailableException(SwarmUnavailableException.Reason.MISSING_TOOL,
                    "missing " + String.join(", ", missing) + ": apt-get install " + String.join(" ", packages)
                            + (aria ? " (or --no-aria2 to measure quic-torrent only)" : ""));
        }
    }

    static boolean onPath(String tool, String path) {
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
