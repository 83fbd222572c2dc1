package dev.qtorrent.client;

import java.nio.file.Path;
import java.util.Map;

/**
 * The client's per-user state folder, as the XDG Base Directory specification places application data:
 * {@code $XDG_DATA_HOME/qtorrent}, by default {@code ~/.local/share/qtorrent}. The log lives there, so that the client
 * writes nothing into the folder it is run from.
 */
public final class StateDir {
    private StateDir() {
    }

    /**
     * @param env      the environment, for {@code XDG_DATA_HOME} and {@code HOME}
     * @param userHome the home folder Java reports, for when {@code HOME} is not set
     */
    public static Path resolve(Map<String, String> env, String userHome) {
        String data = env.get("XDG_DATA_HOME");
        // The specification says a relative path is invalid and to be ignored.
        if (data != null && !data.isEmpty() && Path.of(data).isAbsolute()) {
            return Path.of(data, "qtorrent");
        }
        String home = env.get("HOME");
        return Path.of(home != null && !home.isEmpty() ? home : userHome, ".local", "share", "qtorrent");
    }
}
