package dev.qtorrent.client;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;
import dev.qtorrent.common.logging.LogbackSetup;

/**
 * The client's logging: only errors on standard error, so that the commands' own output stays readable; INFO and above
 * in the log file named by {@code QTORRENT_LOG_FILE} (default {@code client.log}), which keeps three rolled files.
 */
public final class ClientLogging extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (LogbackSetup.xmlRequested(getClass().getClassLoader())) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        String file = System.getProperty("QTORRENT_LOG_FILE", System.getenv("QTORRENT_LOG_FILE"));
        LogbackSetup.apply(context, Level.INFO, new LogbackSetup.Console(true, Level.ERROR),
                new LogbackSetup.RollingFile(file == null || file.isEmpty() ? "client.log" : file, 3));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
