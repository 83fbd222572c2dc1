package dev.qtorrent.client.cli;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client's one unit system for sizes and rates: binary multiples, written as IEC units (KiB, MiB, GiB, TiB:
 * powers of 1024). On input, K, M, G and T mean the same powers of 1024 with or without a trailing {@code B} or
 * {@code iB}, so {@code 10M}, {@code 10MB} and {@code 10MiB} are all 10,485,760 bytes, as curl and aria2 read them.
 */
final class ByteSize {
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB"};
    private static final Pattern INPUT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(?:([KMGT])(?:I?B)?|B)?");

    private ByteSize() {
    }

    /**
     * Parses a byte count such as {@code 16384}, {@code 256K}, {@code 1.5M}, {@code 10MB} or {@code 10MiB}.
     *
     * @param option the option being parsed, named in the error
     * @throws UsageException if {@code text} is not such a count, or not a whole number of bytes
     */
    static long parse(String text, String option) {
        Matcher m = INPUT.matcher(text.strip().toUpperCase(Locale.ROOT));
        try {
            if (!m.matches()) {
                throw new ArithmeticException();
            }
            int power = m.group(2) == null ? 0 : "KMGT".indexOf(m.group(2)) + 1;
            return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1024).pow(power)).longValueExact();
        } catch (ArithmeticException e) {
            throw new UsageException(option + ": " + text + " is not a size like 16384, 256K, 1.5M or 10MiB");
        }
    }

    /** A size for people: {@code 1 byte}, {@code 900 bytes}, {@code 1.5 KiB}, {@code 16.0 MiB}. */
    static String format(long bytes) {
        if (bytes < 1024) {
            return bytes == 1 ? "1 byte" : bytes + " bytes";
        }
        return scaled(bytes);
    }

    /** A size in as few characters as is readable, for the progress line: {@code 900 B}, {@code 1.5 KiB}. */
    static String compact(long bytes) {
        return bytes < 1024 ? bytes + " B" : scaled(bytes);
    }

    /** A rate: {@code 900 B/s}, {@code 10.0 MiB/s}. */
    static String rate(double bytesPerSecond) {
        return compact(Math.round(bytesPerSecond)) + "/s";
    }

    /** {@code 1 piece}, {@code 2 pieces}: a count with its noun in the right number. */
    static String count(long n, String singular) {
        return n + " " + (n == 1 ? singular : singular + "s");
    }

    private static String scaled(long bytes) {
        double value = bytes;
        int unit = -1;
        // 1023.96 KiB would print as "1024.0 KiB": move up once the rounded value reaches 1024.
        while (unit < UNITS.length - 1 && value >= 1023.95) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
