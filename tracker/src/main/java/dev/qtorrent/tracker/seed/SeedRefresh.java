package dev.qtorrent.tracker.seed;

import dev.qtorrent.common.tls.Fingerprint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the catalog in step with the seed folder, one pass at a time: the first at start, then one whenever the folder
 * changed or a rescan is asked for. Each pass withdraws at once every torrent whose .torrent or data was removed or
 * changed, then looks at every entry that is new or changed once it has stayed unchanged for the quiet period, so a
 * file being copied in is not hashed half-written. An entry that gave nothing to serve (unreadable, empty) is not
 * looked at again until it changes or a rescan asks to retry. Logs as {@link SeedCatalog}.
 *
 * <p>When the data of a torrent the tracker wrote is removed, the tracker removes that .torrent too: left alone it
 * would be tracked without data, and peers would go on announcing a torrent nobody serves. Torrents from elsewhere
 * are never removed; without their data they are tracked, as at start.
 */
final class SeedRefresh {
    private static final Logger log = LoggerFactory.getLogger(SeedCatalog.class);

    private final SeedCatalog catalog;
    private final Path folder;
    private final SeedScan scan;
    /** The torrents in the catalog, by .torrent. */
    private final Map<Path, Item> items = new HashMap<>();
    private final Map<Path, Sighting> sightings = new HashMap<>();
    private final Map<Path, Settled> settled = new HashMap<>();

    /**
     * A torrent in the catalog and what it was made from.
     *
     * @param basis the signatures of its .torrent and of its data (or the data's absence) when it was checked
     */
    private record Item(String infoHash, boolean served, boolean ours, Path data, boolean claims,
                        Map<Path, EntrySignature> basis) {
    }

    /**
     * An entry as last seen, and since when it has looked so.
     *
     * @param settled whether it is known to be at rest whatever the time: found so at start, or just written by the
     *                tracker itself
     */
    private record Sighting(EntrySignature signature, long sinceNanos, boolean settled) {
    }

    /** An entry looked at that gave nothing to serve, with the data name it accounts for (or null). */
    private record Settled(EntrySignature signature, String claims) {
    }

    SeedRefresh(SeedCatalog catalog, String announce, Fingerprint pin) {
        this.catalog = catalog;
        this.folder = catalog.folder();
        this.scan = new SeedScan(catalog, announce, pin);
    }

    /** The pass at start: every entry is taken as it is, and a failure to open one stops the start. */
    synchronized void start() throws IOException {
        Files.createDirectories(folder);
        Map<Path, EntrySignature> now = look();
        if (now.keySet().stream().noneMatch(p -> isTorrentFile(p) || isData(p, now))) {
            Path greeting = folder.resolve(SeedCatalog.GREETING_NAME);
            Files.writeString(greeting, SeedCatalog.GREETING, StandardCharsets.US_ASCII);
            log.info("seed folder {} was empty: wrote {}", folder, greeting);
            now.put(greeting, EntrySignature.of(greeting));
        }
        pass(now, true, false, 0);
    }

    /** A later pass; returns whether some entry is still changing. */
    synchronized boolean run(boolean retry, Duration quiet) {
        try {
            return pass(look(), false, retry, quiet.toNanos());
        } catch (IOException | RuntimeException e) {
            log.error("cannot look at the seed folder {}: {}; serving what was there", folder, e.toString());
            return false;
        }
    }

    private Map<Path, EntrySignature> look() throws IOException {
        Map<Path, EntrySignature> now = new TreeMap<>();
        if (!Files.isDirectory(folder)) {
            // Everything in it is gone: nothing is served until it is back and rescanned.
            log.warn("the seed folder {} is gone; serving nothing from it", folder);
            return now;
        }
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                if (!SeedScan.skipped(entry.getFileName().toString())) {
                    now.put(entry, EntrySignature.of(entry));
                }
            }
        }
        return now;
    }

    private boolean pass(Map<Path, EntrySignature> now, boolean startup, boolean retry, long quietNanos)
            throws IOException {
        Set<Path> changing = watch(now, startup, quietNanos);
        withdrawChanged(now, changing);
        catalog.retainProblems(now.keySet());
        if (retry) {
            settled.clear();
        } else {
            settled.entrySet().removeIf(e -> !e.getValue().signature().equals(signature(now, e.getKey())));
        }
        Set<String> claimed = new HashSet<>();
        items.values().stream().filter(Item::claims).forEach(i -> claimed.add(i.data().getFileName().toString()));
        settled.values().stream().filter(s -> s.claims() != null).forEach(s -> claimed.add(s.claims()));
        List<Path> data = now.keySet().stream()
                .filter(p -> !isTorrentFile(p) && !changing.contains(p) && isData(p, now)).toList();
        for (Path torrentFile : now.keySet()) {
            if (isTorrentFile(torrentFile) && !items.containsKey(torrentFile)
                    && !settled.containsKey(torrentFile) && !changing.contains(torrentFile)) {
                lookAtTorrent(torrentFile, data, changing, now, claimed, startup);
            }
        }
        for (Path entry : data) {
            String name = entry.getFileName().toString();
            if (!claimed.contains(name) && !settled.containsKey(entry)
                    && !changing.contains(entry.resolveSibling(name + SeedCatalog.TORRENT_SUFFIX))) {
                lookAtData(entry, now, startup);
            }
        }
        return !changing.isEmpty();
    }

    /** Notes how each entry looks now and returns those that changed within the quiet period. */
    private Set<Path> watch(Map<Path, EntrySignature> now, boolean startup, long quietNanos) {
        long at = System.nanoTime();
        sightings.keySet().retainAll(now.keySet());
        Set<Path> changing = new HashSet<>();
        now.forEach((path, signature) -> {
            Sighting seen = sightings.get(path);
            if (seen == null || !seen.signature().equals(signature)) {
                seen = new Sighting(signature, at, startup);
                sightings.put(path, seen);
            }
            if (!seen.settled() && at - seen.sinceNanos() < quietNanos) {
                changing.add(path);
            }
        });
        return changing;
    }

    private void withdrawChanged(Map<Path, EntrySignature> now, Set<Path> changing) {
        for (Iterator<Map.Entry<Path, Item>> it = items.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Path, Item> entry = it.next();
            Path torrentFile = entry.getKey();
            Item item = entry.getValue();
            String why = changed(torrentFile, item, now, changing);
            if (why == null) {
                continue;
            }
            it.remove();
            catalog.withdraw(item.infoHash());
            // A second .torrent of the same data (refused as a duplicate) may take its place now.
            settled.values().removeIf(other -> item.data().getFileName().toString().equals(other.claims()));
            catalog.clearProblem(torrentFile);
            log.info("{}; no longer {} {} (info hash {})", why, item.served() ? "serving" : "tracking",
                    torrentFile.getFileName(), item.infoHash());
            if (item.served() && item.ours() && !signature(now, item.data()).present()
                    && signature(now, torrentFile).present()) {
                removeOwnTorrent(torrentFile, item.data());
            }
        }
    }

    /** Left alone, the tracker's own torrent of data that is gone would be tracked from now on. */
    private void removeOwnTorrent(Path torrentFile, Path data) {
        try {
            Files.deleteIfExists(torrentFile);
            scan.state().forget(torrentFile);
            log.info("removed {}, which the tracker wrote for the removed {}", torrentFile, data);
        } catch (IOException e) {
            log.warn("cannot remove {}, the torrent of the removed {}: {}; it will be tracked", torrentFile, data,
                    e.toString());
        }
    }

    /** What changed about an item's .torrent or data since it was checked, or null when nothing did. */
    private static String changed(Path torrentFile, Item item, Map<Path, EntrySignature> now, Set<Path> changing) {
        for (Map.Entry<Path, EntrySignature> basis : item.basis().entrySet()) {
            Path path = basis.getKey();
            EntrySignature current = signature(now, path);
            if (current.equals(basis.getValue())) {
                continue;
            }
            if (!item.served() && !path.equals(torrentFile) && changing.contains(path)) {
                // Data arriving for a tracked torrent: keep tracking it until the data has settled.
                continue;
            }
            return path + (current.present() ? " changed" : " was removed");
        }
        return null;
    }

    private void lookAtTorrent(Path torrentFile, List<Path> data, Set<Path> changing, Map<Path, EntrySignature> now,
                               Set<String> claimed, boolean startup) throws IOException {
        SeedScan.Outcome outcome;
        try {
            outcome = scan.serveExisting(torrentFile, data, changing);
        } catch (IOException | RuntimeException e) {
            if (startup) {
                throw e;
            }
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            String problem = torrentFile + ": " + SeedScan.why(e, torrentFile);
            log.error("not serving {}", problem);
            catalog.problem(torrentFile, problem);
            outcome = SeedScan.Outcome.NOTHING;
        }
        if (outcome.deferred()) {
            return;
        }
        if (outcome.claims()) {
            claimed.add(outcome.name());
        }
        if (outcome.added() == null) {
            String claims = outcome.claims() ? outcome.name() : null;
            settled.put(torrentFile, new Settled(signature(now, torrentFile), claims));
            return;
        }
        Path dataPath = folder.resolve(outcome.name());
        remember(torrentFile, new Item(outcome.added(), outcome.served(), outcome.ours(), dataPath,
                outcome.claims(), basis(torrentFile, dataPath, now)));
    }

    private void lookAtData(Path entry, Map<Path, EntrySignature> now, boolean startup) throws IOException {
        SeedScan.Outcome outcome;
        try {
            outcome = scan.serveNew(entry);
        } catch (IOException | RuntimeException e) {
            if (startup) {
                throw e;
            }
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            String problem = entry + ": " + SeedScan.why(e, entry);
            log.error("not serving {}", problem);
            catalog.problem(entry, problem);
            outcome = SeedScan.Outcome.NOTHING;
        }
        if (outcome.deferred()) {
            return;
        }
        if (outcome.added() == null) {
            settled.put(entry, new Settled(signature(now, entry), null));
            return;
        }
        Path torrentFile = entry.resolveSibling(entry.getFileName() + SeedCatalog.TORRENT_SUFFIX);
        settled.remove(torrentFile);
        remember(torrentFile, new Item(outcome.added(), true, true, entry, true, basis(torrentFile, entry, now)));
    }

    /** Notes a torrent now in the catalog; a .torrent the tracker has just written is not a change to wait out. */
    private void remember(Path torrentFile, Item item) {
        items.put(torrentFile, item);
        sightings.put(torrentFile, new Sighting(item.basis().get(torrentFile), System.nanoTime(), true));
    }

    /**
     * The .torrent as it is now (the tracker may just have written it) and the data as it was before it was checked,
     * so a change made while it was hashed shows at the next pass.
     */
    private static Map<Path, EntrySignature> basis(Path torrentFile, Path data, Map<Path, EntrySignature> now) {
        Map<Path, EntrySignature> basis = new HashMap<>();
        basis.put(data, signature(now, data));
        basis.put(torrentFile, EntrySignature.of(torrentFile));
        return basis;
    }

    private static EntrySignature signature(Map<Path, EntrySignature> now, Path path) {
        return now.getOrDefault(path, EntrySignature.ABSENT);
    }

    /**
     * Whether an entry is data to seed: a file, or a folder with files in it (as its signature counts them, which is
     * how its torrent would list them), so a pass walks no folder twice.
     */
    private static boolean isData(Path path, Map<Path, EntrySignature> now) {
        return Files.isRegularFile(path) || Files.isDirectory(path) && signature(now, path).files() > 0;
    }

    private static boolean isTorrentFile(Path path) {
        return path.getFileName().toString().endsWith(SeedCatalog.TORRENT_SUFFIX) && Files.isRegularFile(path);
    }
}
