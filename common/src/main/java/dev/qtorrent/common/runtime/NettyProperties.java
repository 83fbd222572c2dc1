package dev.qtorrent.common.runtime;

import java.util.Properties;

/**
 * The Netty settings the programs change from Netty's defaults, each kept as given when the user sets it:
 * <ul>
 * <li>Buffer leak detection off. By default Netty records a stack trace at the allocation and at the release of one
 * buffer in 128: in a swarm of six clients on 2 cores that was about 2 % of every event loop's CPU, spent on reports
 * meant for development. A user chasing a leak turns it back on with {@code -Dio.netty.leakDetection.level=simple}
 * (or {@code paranoid}).</li>
 * <li>Netty's Java Flight Recorder events off: asking whether the recorder is there loads and compiles about a hundred
 * of its classes in every start, for events only a recording would read. {@code -Dio.netty.jfr.enabled=true} brings
 * them back.</li>
 * </ul>
 * Tests keep Netty's defaults.
 */
public final class NettyProperties {
    static final String LEAK_DETECTION_LEVEL = "io.netty.leakDetection.level";
    static final String JFR_ENABLED = "io.netty.jfr.enabled";

    private NettyProperties() {
    }

    /**
     * Sets the programs' defaults in {@code properties} (the system properties, in {@code main}). Netty reads them when
     * its classes are first used; setting them touches no Netty class, so that nothing starts logging before the
     * program has set its logging up.
     */
    public static void programDefaults(Properties properties) {
        properties.putIfAbsent(LEAK_DETECTION_LEVEL, "disabled");
        properties.putIfAbsent(JFR_ENABLED, "false");
    }
}
