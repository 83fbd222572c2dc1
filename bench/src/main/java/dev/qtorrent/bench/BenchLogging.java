package dev.qtorrent.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;
import dev.qtorrent.common.logging.LogbackSetup;

/**
 * The benchmark's logging: it prints its own results, so its bare QUIC endpoints only report problems, on standard
 * error.
 */
public final class BenchLogging extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (LogbackSetup.xmlRequested(getClass().getClassLoader())) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        LogbackSetup.apply(context, Level.WARN, new LogbackSetup.Console(true, Level.WARN), null);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
