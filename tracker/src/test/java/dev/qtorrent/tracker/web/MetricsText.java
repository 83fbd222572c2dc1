package dev.qtorrent.tracker.web;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The samples of a Prometheus text-format page (version 0.0.4), keyed by series as written: the name, then the labels
 * in braces as the exporter orders them, e.g. {@code qtorrent_tracker_requests_total{type="announce"}}.
 */
final class MetricsText {
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*\\})?) (\\S+)");

    private final Map<String, Double> samples;

    private MetricsText(Map<String, Double> samples) {
        this.samples = samples;
    }

    static MetricsText parse(String page) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : page.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new IllegalArgumentException("not a sample line: " + line);
            }
            samples.put(sample.group(1), number(sample.group(2)));
        }
        return new MetricsText(samples);
    }

    private static double number(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }

    /** The value of {@code series}, 0 when absent (a labelled counter appears at its first increment). */
    double value(String series) {
        return samples.getOrDefault(series, 0.0);
    }

    boolean has(String series) {
        return samples.containsKey(series);
    }

    @Override
    public String toString() {
        return samples.toString();
    }
}
