package dev.qtorrent.tracker;

import java.util.List;
import java.util.function.Consumer;
import sun.misc.Signal;

/**
 * Turns Ctrl-C (SIGINT), SIGTERM and SIGHUP into a clean stop that exits 0. The JVM's own handlers run the shutdown
 * hooks and then exit with 128 plus the signal's number, which scripts and service managers read as a failure.
 * SIGHUP (the terminal went away) stops the tracker too; a tracker started under {@code nohup} keeps ignoring it.
 */
final class StopSignals {
    private StopSignals() {
    }

    /** Hands each signal's name ({@code SIGTERM}) to {@code stop}, on a thread of the JVM's. */
    static void install(Consumer<String> stop) {
        for (String name : List.of("INT", "TERM", "HUP")) {
            try {
                Signal.handle(new Signal(name), signal -> stop.accept("SIG" + signal.getName()));
            } catch (IllegalArgumentException unavailable) {
                // Not a signal on this platform, or kept by the JVM (-Xrs): the JVM's default applies.
            }
        }
    }
}
