package dev.qtorrent.tracker;

import dev.qtorrent.tracker.seed.SeedCatalog;
import dev.qtorrent.tracker.seed.SeedWatcher;

/**
 * The running tracker's seed folder watcher, and the rescan that SIGHUP asks of it: the signal comes on a thread of
 * the JVM's, at any time, so it finds the watcher here once the tracker serves.
 */
final class LiveSeedFolder {
    private SeedWatcher.Settings settings = SeedWatcher.Settings.defaults();
    private volatile SeedWatcher watcher;

    void settings(SeedWatcher.Settings settings) {
        this.settings = settings;
    }

    /** Starts watching {@code catalog}'s folder; closing the result stops it. */
    SeedWatcher watch(SeedCatalog catalog) {
        SeedWatcher started = SeedWatcher.start(catalog, settings);
        watcher = started;
        return started;
    }

    /** Asks for a rescan; false while the tracker is still starting (it is reading the folder then anyway). */
    boolean rescan() {
        SeedWatcher current = watcher;
        if (current == null) {
            return false;
        }
        current.rescan();
        return true;
    }
}
