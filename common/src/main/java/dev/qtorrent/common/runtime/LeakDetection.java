package dev.qtorrent.common.runtime;

import io.netty.util.ResourceLeakDetector;

/**
 * Netty's buffer leak detection, off in the programs unless asked for. By default Netty records a stack trace at the
 * allocation and at the release of one buffer in 128: in a swarm of six clients on 2 cores that was about 2 % of
 * every event loop's CPU, spent on reports meant for development. Tests keep Netty's default; a user chasing a leak
 * turns it back on with {@code -Dio.netty.leakDetection.level=simple} (or {@code paranoid}).
 */
public final class LeakDetection {
    static final String LEVEL_PROPERTY = "io.netty.leakDetection.level";

    private LeakDetection() {
    }

    /** Turns leak detection off unless the level was given as a system property. Call it first thing in main. */
    public static void offUnlessAsked() {
        if (System.getProperty(LEVEL_PROPERTY) == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }
}
