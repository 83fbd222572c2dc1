package dev.qtorrent.peer.serve;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Caps the log lines one peer address can cause, so a client that sends bad requests in a loop cannot fill the log and
 * push everything else out before the size cap rolls it away. Each address gets {@code linesPerWindow} lines per
 * window; lines beyond that are only counted, and the count comes back once as a {@link Suppressed} report when the
 * window is over. At most {@code maxAddresses} addresses are tracked; addresses beyond that share one budget under
 * {@link #OTHER_ADDRESSES}, so memory stays bounded however many addresses a flood comes from. Thread-safe.
 */
final class PeerLogLimiter {
    /**
     * A hundred lines a minute is far more than any client that merely has a bug causes, and keeps one flooding host
     * to about 15 KB of log a minute: days to fill the rolled log files instead of seconds.
     */
    static final int DEFAULT_LINES_PER_WINDOW = 100;
    static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
    static final int DEFAULT_MAX_ADDRESSES = 1024;
    /** The key of the budget shared by addresses that found the table full. */
    static final String OTHER_ADDRESSES = "other addresses";

    private final int linesPerWindow;
    private final Duration window;
    private final long windowNanos;
    private final int maxAddresses;
    private final LongSupplier nanoClock;
    private final Map<String, Budget> budgets = new HashMap<>();
    private long lastSweep;

    /** Lines from {@code address} that were not logged during one window. */
    record Suppressed(String address, long lines) {
    }

    /**
     * What to do about one line: log it or not, and first report these suppressed counts from windows now over.
     */
    record Admission(boolean log, List<Suppressed> suppressed) {
    }

    /**
     * @param nanoClock a monotonic clock in nanoseconds, {@code System::nanoTime} outside tests
     */
    PeerLogLimiter(int linesPerWindow, Duration window, int maxAddresses, LongSupplier nanoClock) {
        if (linesPerWindow < 1 || maxAddresses < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.linesPerWindow = linesPerWindow;
        this.window = window;
        this.windowNanos = window.toNanos();
        this.maxAddresses = maxAddresses;
        this.nanoClock = nanoClock;
        this.lastSweep = nanoClock.getAsLong();
    }

    static PeerLogLimiter withDefaults() {
        return new PeerLogLimiter(DEFAULT_LINES_PER_WINDOW, DEFAULT_WINDOW, DEFAULT_MAX_ADDRESSES, System::nanoTime);
    }

    Duration window() {
        return window;
    }

    int linesPerWindow() {
        return linesPerWindow;
    }

    /** Decides about one line caused by {@code address} (an IP address without port: one host, any connection). */
    synchronized Admission admit(String address) {
        long now = nanoClock.getAsLong();
        List<Suppressed> reports = List.of();
        if (now - lastSweep >= windowNanos) {
            reports = sweep(now);
            lastSweep = now;
        }
        String key = address;
        Budget budget = budgets.get(key);
        if (budget == null) {
            if (budgets.size() >= maxAddresses) {
                key = OTHER_ADDRESSES;
                budget = budgets.computeIfAbsent(key, k -> new Budget(now));
            } else {
                budget = new Budget(now);
                budgets.put(key, budget);
            }
        }
        if (now - budget.start >= windowNanos) {
            if (budget.suppressed > 0) {
                reports = append(reports, new Suppressed(key, budget.suppressed));
            }
            budget.restart(now);
        }
        if (budget.lines < linesPerWindow) {
            budget.lines++;
            return new Admission(true, reports);
        }
        budget.suppressed++;
        return new Admission(false, reports);
    }

    /** Number of addresses currently tracked, the shared budget included. */
    synchronized int trackedAddresses() {
        return budgets.size();
    }

    /** Forgets every address whose window is over, reporting the ones that had lines suppressed. */
    private List<Suppressed> sweep(long now) {
        List<Suppressed> reports = null;
        Iterator<Map.Entry<String, Budget>> entries = budgets.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<String, Budget> entry = entries.next();
            Budget budget = entry.getValue();
            if (now - budget.start >= windowNanos) {
                if (budget.suppressed > 0) {
                    reports = reports == null ? new ArrayList<>() : reports;
                    reports.add(new Suppressed(entry.getKey(), budget.suppressed));
                }
                entries.remove();
            }
        }
        return reports == null ? List.of() : reports;
    }

    private static List<Suppressed> append(List<Suppressed> reports, Suppressed report) {
        List<Suppressed> more = new ArrayList<>(reports);
        more.add(report);
        return more;
    }

    /** One address's lines and suppressed lines in its current window. */
    private static final class Budget {
        private long start;
        private int lines;
        private long suppressed;

        Budget(long start) {
            this.start = start;
        }

        void restart(long now) {
            start = now;
            lines = 0;
            suppressed = 0;
        }
    }
}
