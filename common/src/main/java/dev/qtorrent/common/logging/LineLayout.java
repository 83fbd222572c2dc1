package dev.qtorrent.common.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The programs' log lines, written field by field. Logback's pattern layout would first parse a pattern, find its
 * converters by name and build them by reflection: tens of milliseconds of every start, for two fixed formats.
 * <ul>
 * <li>console: {@code HH:mm:ss.SSS LEVEL Class - message}</li>
 * <li>file: {@code yyyy-MM-ddTHH:mm:ss.SSS±hh:mm LEVEL [thread] logger - message}, the logger's leading package
 * names cut to their first letters, from the left, until it is at most 36 characters (as logback's
 * {@code %logger{36}})</li>
 * </ul>
 * Times are local; a stack trace follows its line as logback prints one.
 */
final class LineLayout extends LayoutBase<ILoggingEvent> {
    private static final int LOGGER_LENGTH = 36;

    private final boolean file;
    private final ZoneId zone = ZoneId.systemDefault();

    /** @param file the file's form (date, zone, thread, longer logger name) rather than the console's */
    LineLayout(boolean file) {
        this.file = file;
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(128);
        ZonedDateTime time = Instant.ofEpochMilli(event.getTimeStamp()).atZone(zone);
        if (file) {
            line.append(time.getYear()).append('-');
            two(line, time.getMonthValue()).append('-');
            two(line, time.getDayOfMonth()).append('T');
        }
        two(line, time.getHour()).append(':');
        two(line, time.getMinute()).append(':');
        two(line, time.getSecond()).append('.');
        int millis = time.getNano() / 1_000_000;
        line.append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10))
                .append((char) ('0' + millis % 10));
        if (file) {
            offset(line, time.getOffset().getTotalSeconds());
        }
        String level = event.getLevel().toString();
        line.append(' ').append(level);
        for (int i = level.length(); i < 5; i++) {
            line.append(' ');
        }
        line.append(' ');
        if (file) {
            line.append('[').append(event.getThreadName()).append("] ");
        }
        String logger = event.getLoggerName();
        line.append(file ? abbreviated(logger) : logger.substring(logger.lastIndexOf('.') + 1));
        line.append(" - ").append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.append(ThrowableProxyUtil.asString(thrown)).append(CoreConstants.LINE_SEPARATOR);
        }
        return line.toString();
    }

    /** The logger name with its leading package names cut to one letter, left to right, until it fits. */
    static String abbreviated(String name) {
        if (name.length() <= LOGGER_LENGTH) {
            return name;
        }
        int last = name.lastIndexOf('.');
        StringBuilder out = new StringBuilder(name.length());
        int length = name.length();
        int start = 0;
        while (start < last) {
            int dot = name.indexOf('.', start);
            int segment = dot - start;
            if (length > LOGGER_LENGTH && segment > 1) {
                out.append(name.charAt(start));
                length -= segment - 1;
            } else {
                out.append(name, start, dot);
            }
            out.append('.');
            start = dot + 1;
        }
        return out.append(name, start, name.length()).toString();
    }

    private static StringBuilder two(StringBuilder line, int value) {
        return line.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    private static void offset(StringBuilder line, int seconds) {
        if (seconds == 0) {
            line.append('Z');
            return;
        }
        line.append(seconds < 0 ? '-' : '+');
        int minutes = Math.abs(seconds) / 60;
        two(line, minutes / 60).append(':');
        two(line, minutes % 60);
    }
}
