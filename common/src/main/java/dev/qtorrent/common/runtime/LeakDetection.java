package dev.qtorrent.common.runtime;

import java.util.Properties;

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

    /**
     * Turns leak detection off in {@code properties} (the system properties, in {@code main}) unless a level is given
     * there. Netty reads the property when its leak detector is first used; setting it touches no Netty class, so that
     * nothing starts logging before the program has set its logging up.
     */
    public static void offUnlessAsked(Properties properties) {
        if (properties.getProperty(LEVEL_PROPERTY) == null) {
            properties.setProperty(LEVEL_PROPERTY, "disabled");
        }
    }
}
