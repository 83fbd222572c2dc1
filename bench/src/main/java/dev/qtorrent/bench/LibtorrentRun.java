package dev.qtorrent.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One download by a libtorrent process (the anchor): seconds from its start to its exit, CPU seconds, peak resident
 * memory, and the CPU seconds the libtorrent seeder spent meanwhile.
 */
record LibtorrentRun(long bytes, double seconds, double cpuSeconds, long peakRss, double seederCpuSeconds) {

    double endToEndRate() {
        return Sizes.megabytesPerSecond(bytes, seconds);
    }

    /**
     * The last line the downloader prints: the bytes it downloaded and its own resource usage, read just before it
     * exits.
     */
    record Done(long bytes, double cpuSeconds, long maxRssBytes) {
        private static final Pattern LINE = Pattern.compile(
                "done (\\d+) bytes, utime (\\d+(?:\\.\\d+)?) s, stime (\\d+(?:\\.\\d+)?) s, maxrss (\\d+) KiB");

        /** Parses the line; fails with the line in the message when it is not one. */
        static Done parse(String line) {
            Matcher m = LINE.matcher(line.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("not a libtorrent downloader's result: " + line);
            }
            return new Done(Long.parseLong(m.group(1)),
                    Double.parseDouble(m.group(2)) + Double.parseDouble(m.group(3)),
                    Long.parseLong(m.group(4)) * 1024);
        }
    }
}
