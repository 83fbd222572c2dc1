package dev.qtorrent.tracker;

import java.util.List;
import java.util.function.Consumer;
import sun.misc.Signal;

/**
 * The tracker's signals. Ctrl-C (SIGINT) and SIGTERM become a clean stop that exits 0: the JVM's own handlers run the
 * shutdown hooks and then exit with 128 plus the signal's number, which scripts and service managers read as a
 * failure. SIGHUP rescans the seed folder, as daemons reload on it ({@code systemctl reload}); a tracker started
 * under {@code nohup} keeps ignoring it.
 */
final class TrackerSignals {
    private TrackerSignals() {
    }

    /**
     * Hands SIGINT's and SIGTERM's names ({@code SIGTERM}) to {@code stop} and runs {@code rescan} on SIGHUP, on a
     * thread of the JVM's.
     */
    static void install(Consumer<String> stop, Runnable rescan) {
        for (String name : List.of("INT", "TERM")) {
            handle(name, () -> stop.accept("SIG" + name));
        }
        handle("HUP", rescan);
    }

    private static void handle(String name, Runnable action) {
        try {
            Signal.handle(new Signal(name), signal -> action.run());
        } catch (IllegalArgumentException unavailable) {
            // Not a signal on this platform, or kept by the JVM (-Xrs): the JVM's default applies.
        }
    }
}
