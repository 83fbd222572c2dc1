package dev.qtorrent.common.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;

/**
 * The programs' logging, set up in code. Reading a {@code logback.xml} goes through Joran, logback's XML
 * configurator, which loads about 450 classes and links about 140 lambdas before the first line is logged: a fifth of
 * a second of a short command's start-up, and work the JIT compiler then competes with the download for. Each program
 * registers a {@link ch.qos.logback.classic.spi.Configurator} (in {@code META-INF/services}) that calls
 * {@link #apply}. A configuration file named with {@code -Dlogback.configurationFile}, or a {@code logback-test.xml}
 * on the class path, still wins: {@link #xmlRequested} tells the configurator to step aside for Joran.
 */
public final class LogbackSetup {
    /** A log file rolls at this size, so that a flood of errors cannot fill the disk. */
    private static final String ROLL_AT = "10MB";
    /**
     * How often the file's size is looked at. Logback's default is once a minute, in which a flood can write far more
     * than the 10 MB; a look is one stat call, so once a second costs nothing.
     */
    private static final Duration SIZE_CHECK = Duration.buildBySeconds(1);

    private LogbackSetup() {
    }

    /**
     * Where console lines go and which reach it.
     *
     * @param stderr    standard error rather than standard output
     * @param threshold the least level shown
     */
    public record Console(boolean stderr, Level threshold) {
    }

    /**
     * A log file that rolls at 10 MB into {@code path.1} … {@code path.keep}.
     *
     * @param path the file
     * @param keep how many rolled files are kept, at least 1
     */
    public record RollingFile(String path, int keep) {
        public RollingFile {
            if (path == null || path.isEmpty()) {
                throw new IllegalArgumentException("log file path is empty");
            }
            if (keep < 1) {
                throw new IllegalArgumentException("keep must be at least 1, got " + keep);
            }
        }
    }

    /** Whether the user asked for an XML configuration, or the tests' {@code logback-test.xml} is present. */
    public static boolean xmlRequested(ClassLoader loader) {
        return System.getProperty("logback.configurationFile") != null
                || loader != null && loader.getResource("logback-test.xml") != null;
    }

    /**
     * Sends {@code root} level and above to the console and, when {@code file} is not null, to the file; Netty's own
     * logging is kept to warnings.
     */
    public static void apply(LoggerContext context, Level root, Console console, RollingFile file) {
        Logger rootLogger = context.getLogger(Logger.ROOT_LOGGER_NAME);
        rootLogger.setLevel(root);
        rootLogger.addAppender(consoleAppender(context, console));
        if (file != null) {
            rootLogger.addAppender(fileAppender(context, file));
        }
        context.getLogger("io.netty").setLevel(Level.WARN);
    }

    private static ConsoleAppender<ILoggingEvent> consoleAppender(LoggerContext context, Console console) {
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("CONSOLE");
        appender.setTarget(console.stderr() ? "System.err" : "System.out");
        // Console lines are short: the time, the level, the class and the message.
        appender.setEncoder(encoder(context, false));
        ThresholdFilter filter = new ThresholdFilter();
        filter.setContext(context);
        filter.setLevel(console.threshold().toString());
        filter.start();
        appender.addFilter(filter);
        appender.start();
        return appender;
    }

    private static RollingFileAppender<ILoggingEvent> fileAppender(LoggerContext context, RollingFile file) {
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName("FILE");
        appender.setFile(file.path());
        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(appender);
        rolling.setFileNamePattern(file.path() + ".%i");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(file.keep());
        rolling.start();
        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.setMaxFileSize(FileSize.valueOf(ROLL_AT));
        trigger.setCheckIncrement(SIZE_CHECK);
        trigger.start();
        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        // File lines carry the date with its zone and the thread, for diagnosis after the fact.
        appender.setEncoder(encoder(context, true));
        appender.start();
        return appender;
    }

    private static LayoutWrappingEncoder<ILoggingEvent> encoder(LoggerContext context, boolean file) {
        LineLayout layout = new LineLayout(file);
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        return encoder;
    }
}
