package dev.qtorrent.tracker.swarm;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a swarm store's sweep ({@link SwarmRegistry#sweep()} every {@link SwarmRegistry#sweepPeriod()}, or a shared
 * store's) on a thread of its own until closed.
 */
public final class SwarmSweeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SwarmSweeper.class);

    private final ScheduledExecutorService executor;

    private SwarmSweeper(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    public static SwarmSweeper start(SwarmRegistry registry) {
        return start(registry, registry.sweepPeriod());
    }

    public static SwarmSweeper start(SwarmRegistry registry, Duration period) {
        return start(registry::sweep, period, period);
    }

    /** Runs {@code sweep}, which returns the entries it dropped, first after {@code first}, then every {@code period}. */
    public static SwarmSweeper start(IntSupplier sweep, Duration first, Duration period) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "swarm-sweep");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(1, period.toMillis());
        long firstMillis = Math.max(0, first.toMillis());
        executor.scheduleWithFixedDelay(() -> {
            try {
                int dropped = sweep.getAsInt();
                if (dropped > 0) {
                    log.debug("swarm sweep dropped {} expired peers", dropped);
                }
            } catch (RuntimeException e) {
                // A failed pass must not end the schedule: the next one tries again.
                log.error("swarm sweep failed", e);
            }
        }, firstMillis, millis, TimeUnit.MILLISECONDS);
        return new SwarmSweeper(executor);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
