package dev.qtorrent.tracker.seed;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed folder's change events: the folder and every folder inside it (folders are multi-file torrents) are
 * registered with the file system's watch service, folders created later too, and every event that may concern
 * seeded data calls {@code changed}. Events say only that something changed; the refresh they cause looks for what.
 */
final class FolderEvents implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SeedWatcher.class);

    private final Path folder;
    private final Runnable changed;
    private final Map<WatchKey, Path> watched = new ConcurrentHashMap<>();
    private WatchService service;
    private Thread thread;

    FolderEvents(Path folder, Runnable changed) {
        this.folder = folder;
        this.changed = changed;
    }

    /** @throws IOException when the folder cannot be watched (no watch service, or too many folders) */
    void start() throws IOException {
        service = FileSystems.getDefault().newWatchService();
        try {
            registerTree(folder);
        } catch (IOException | RuntimeException e) {
            service.close();
            throw e;
        }
        thread = new Thread(this::run, "seed-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void registerTree(Path top) throws IOException {
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(folder) && SeedScan.skipped(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                WatchKey key = dir.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY);
                watched.put(key, dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = service.take();
                Path dir = watched.get(key);
                boolean relevant = false;
                for (WatchEvent<?> event : key.pollEvents()) {
                    relevant |= handle(dir, event);
                }
                if (!key.reset()) {
                    watched.remove(key);
                }
                if (relevant) {
                    changed.run();
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException stopped) {
            // Closed: the tracker is stopping.
        }
    }

    private boolean handle(Path dir, WatchEvent<?> event) {
        if (event.kind() == StandardWatchEventKinds.OVERFLOW || dir == null) {
            return true;
        }
        Path name = (Path) event.context();
        if (dir.equals(folder) && SeedScan.skipped(name.toString())) {
            return false;
        }
        Path child = dir.resolve(name);
        if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(child)) {
            try {
                registerTree(child);
            } catch (IOException e) {
                log.warn("cannot watch {} ({}); changes inside it show at the next rescan (SIGHUP)", child,
                        e.toString());
            }
        }
        return true;
    }

    @Override
    public void close() {
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                log.debug("closing the watch service failed", e);
            }
        }
    }
}
