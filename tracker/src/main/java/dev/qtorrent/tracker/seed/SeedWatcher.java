package dev.qtorrent.tracker.seed;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link SeedCatalog} live: refreshes it when its folder changes, and when a rescan is asked for (SIGHUP).
 * Refreshes run one at a time on a thread of their own, so hashing never holds an event loop; a flood of change
 * events (a large file being copied in) makes one refresh, and a refresh that finds an entry still changing runs
 * again after the quiet period. Changes are noticed through the file system's watch service (inotify on Linux),
 * on the folder and every folder inside it; where that cannot be used, the folder is looked at periodically instead.
 */
public final class SeedWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SeedWatcher.class);
    /** Changes come in bursts (a file written in many parts): one refresh for each burst. */
    private static final long SETTLE_MILLIS = 100;

    private final SeedCatalog catalog;
    private final Settings settings;
    private final ScheduledExecutorService refresher;
    private final FolderEvents events;
    private final List<CompletableFuture<Void>> rescans = new ArrayList<>();
    private ScheduledFuture<?> pending;
    private long pendingAt;
    private boolean retry;

    /**
     * @param quiet     how long an entry must stay unchanged before it is hashed
     * @param watch     whether to listen to the file system's change events; without them, or when they cannot be
     *                  had, the folder is looked at every {@code pollEvery}
     * @param pollEvery how often to look at the folder when not watching it; zero looks only when asked
     */
    public record Settings(Duration quiet, boolean watch, Duration pollEvery) {
        /**
         * How long an entry must stay unchanged (size and modification time) before it is hashed. Kept here, not in
         * the watcher: the tracker's command takes the default settings before it parses its options, and so before
         * logging may start (with the log file {@code --log-file} names); the watcher's logger would start it.
         */
        public static final Duration QUIET_PERIOD = Duration.ofSeconds(2);

        public Settings {
            if (quiet.isNegative() || pollEvery.isNegative()) {
                throw new IllegalArgumentException("negative quiet period or poll interval: " + quiet + ", "
                        + pollEvery);
            }
        }

        public static Settings defaults() {
            return new Settings(QUIET_PERIOD, true, Duration.ofSeconds(30));
        }
    }

    private SeedWatcher(SeedCatalog catalog, Settings settings) {
        this.catalog = catalog;
        this.settings = settings;
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "seed-refresh");
            thread.setDaemon(true);
            return thread;
        });
        this.events = new FolderEvents(catalog.folder(), () -> request(SETTLE_MILLIS, false));
    }

    /** Starts watching {@code catalog}'s folder. */
    public static SeedWatcher start(SeedCatalog catalog, Settings settings) {
        SeedWatcher watcher = new SeedWatcher(catalog, settings);
        boolean watching = false;
        if (settings.watch()) {
            try {
                watcher.events.start();
                watching = true;
                log.info("watching the seed folder {} for changes", catalog.folder());
            } catch (IOException | RuntimeException e) {
                log.warn("cannot watch the seed folder {} ({}); looking at it every {} s instead", catalog.folder(),
                        e.toString(), settings.pollEvery().toSeconds());
            }
        }
        if (!watching && settings.pollEvery().isZero()) {
            log.info("not watching the seed folder {}: it is looked at again on SIGHUP only", catalog.folder());
        } else if (!watching) {
            long every = settings.pollEvery().toMillis();
            watcher.refresher.scheduleWithFixedDelay(() -> watcher.request(0, false), every, every,
                    TimeUnit.MILLISECONDS);
        }
        // What changed between the start-up scan and now.
        watcher.request(0, false);
        return watcher;
    }

    /**
     * Looks at the whole folder again, retrying the entries that failed before (SIGHUP). Completes once a refresh
     * finds nothing still changing.
     */
    public CompletableFuture<Void> rescan() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (this) {
            rescans.add(done);
        }
        log.info("rescanning the seed folder {}", catalog.folder());
        request(0, true);
        return done;
    }

    /** Runs a refresh in {@code delayMillis}, unless one is already due by then. */
    private synchronized void request(long delayMillis, boolean retryFailed) {
        retry |= retryFailed;
        long at = System.currentTimeMillis() + delayMillis;
        if (pending != null && pendingAt <= at) {
            return;
        }
        if (pending != null) {
            pending.cancel(false);
        }
        try {
            pending = refresher.schedule(this::refresh, delayMillis, TimeUnit.MILLISECONDS);
            pendingAt = at;
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            pending = null;
        }
    }

    private void refresh() {
        boolean retryFailed;
        synchronized (this) {
            pending = null;
            retryFailed = retry;
            retry = false;
        }
        boolean changing;
        try {
            changing = retryFailed ? catalog.rescan(settings.quiet()) : catalog.refresh(settings.quiet());
        } catch (RuntimeException | Error e) {
            // Whatever went wrong, the watcher must go on serving what is there and watching.
            log.error("refreshing the seed folder {} failed", catalog.folder(), e);
            changing = false;
        }
        if (changing) {
            request(settings.quiet().toMillis() + SETTLE_MILLIS, false);
            return;
        }
        List<CompletableFuture<Void>> done;
        synchronized (this) {
            done = List.copyOf(rescans);
            rescans.clear();
        }
        if (!done.isEmpty()) {
            log.info("rescanned the seed folder {}: serving {} torrents, tracking {}, {} not served", catalog.folder(),
                    catalog.torrents().size(), catalog.tracked().size(), catalog.problems().size());
        }
        done.forEach(f -> f.complete(null));
    }

    @Override
    public void close() {
        events.close();
        // Interrupts a hash in progress: the tracker's stop must not wait for it.
        refresher.shutdownNow();
        try {
            refresher.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
