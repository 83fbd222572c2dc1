package dev.qtorrent.tracker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;
import dev.qtorrent.common.logging.LogbackSetup;

/**
 * The tracker's logging: INFO and above on standard output and in the log file that {@code --log-file} names (through
 * the {@code qtorrent.log.file} property, set before logging starts), which keeps five rolled files.
 */
public final class TrackerLogging extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (LogbackSetup.xmlRequested(getClass().getClassLoader())) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        LogbackSetup.apply(context, Level.INFO, new LogbackSetup.Console(false, Level.INFO),
                new LogbackSetup.RollingFile(System.getProperty("qtorrent.log.file", "tracker.log"), 5));
        // A shared swarm store's client logs each try at reconnecting; the store says itself when Redis goes and
        // comes back (RedisSwarmStore), so an outage does not fill the log.
        context.getLogger("io.lettuce.core.protocol.ConnectionWatchdog").setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
