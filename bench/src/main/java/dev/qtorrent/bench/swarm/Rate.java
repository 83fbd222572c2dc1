package dev.qtorrent.bench.swarm;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A link rate in bits per second, written as tc writes it: {@code 80mbit}, {@code 1gbit}, {@code 500kbit} (decimal
 * prefixes, as in tc(8), so 80mbit is 80,000,000 bits per second).
 */
public record Rate(long bitsPerSecond) {
    private static final Pattern RATE = Pattern.compile("(\\d+)\\s*([kmg]?)bit", Pattern.CASE_INSENSITIVE);

    public Rate {
        if (bitsPerSecond < 8_000) {
            throw new IllegalArgumentException("a rate must be at least 8kbit");
        }
    }

    /** Parses {@code <number>[k|m|g]bit}; a bare number or a byte rate is refused, since tc reads those differently. */
    public static Rate parse(String text) {
        Matcher m = RATE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a rate: " + text + " (try 80mbit, 1gbit, 500kbit)");
        }
        long scale = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 1_000L;
            case "m" -> 1_000_000L;
            case "g" -> 1_000_000_000L;
            default -> 1L;
        };
        return new Rate(Math.multiplyExact(Long.parseLong(m.group(1)), scale));
    }

    public double bytesPerSecond() {
        return bitsPerSecond / 8.0;
    }

    /** The rate as tc reads it, exactly. */
    public String tc() {
        return bitsPerSecond + "bit";
    }

    @Override
    public String toString() {
        if (bitsPerSecond % 1_000_000_000L == 0) {
            return bitsPerSecond / 1_000_000_000L + " Gbit/s";
        }
        if (bitsPerSecond % 1_000_000L == 0) {
            return bitsPerSecond / 1_000_000L + " Mbit/s";
        }
        return String.format(Locale.ROOT, "%.3f Mbit/s", bitsPerSecond / 1e6);
    }
}
