package dev.qtorrent.bench.announce;

import java.util.HashMap;
import java.util.Map;

/**
 * What one wrk run reports through the {@code done} function of the benchmark's Lua script: one line of
 * {@code key=value} pairs after {@value #MARKER}, with times in microseconds, as wrk keeps them.
 *
 * @param requests      responses wrk read in full
 * @param seconds       the run's length as wrk measured it
 * @param p50Micros     median latency
 * @param p99Micros     99th percentile latency
 * @param connectErrors connections that could not be opened
 * @param readErrors    reads that failed, including the server closing the connection after an answer
 * @param statusErrors  answers with an HTTP status of 400 or more
 * @param timeouts      requests with no answer within wrk's timeout
 */
record WrkResult(long requests, double seconds, long p50Micros, long p99Micros, long connectErrors, long readErrors,
                 long statusErrors, long timeouts) {
    static final String MARKER = "wrk-result";

    double perSecond() {
        return requests / seconds;
    }

    /**
     * Finds the result line in wrk's output.
     *
     * @throws IllegalArgumentException when there is none, or it lacks a value or holds one that is not a number
     */
    static WrkResult parse(String output) {
        String line = output.lines().filter(l -> l.startsWith(MARKER + " ")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("wrk printed no " + MARKER + " line"));
        Map<String, Long> values = new HashMap<>();
        for (String pair : line.substring(MARKER.length()).trim().split("\\s+")) {
            int eq = pair.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("not key=value in " + MARKER + ": " + pair);
            }
            try {
                values.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a whole number in " + MARKER + ": " + pair, e);
            }
        }
        long durationMicros = value(values, "duration_us");
        if (durationMicros <= 0) {
            throw new IllegalArgumentException("wrk reported a run of " + durationMicros + " µs");
        }
        return new WrkResult(value(values, "requests"), durationMicros / 1e6, value(values, "p50_us"),
                value(values, "p99_us"), value(values, "connect"), value(values, "read"), value(values, "status"),
                value(values, "timeout"));
    }

    private static long value(Map<String, Long> values, String key) {
        Long value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException(MARKER + " has no " + key);
        }
        return value;
    }
}
