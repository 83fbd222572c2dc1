package dev.qtorrent.client.download;

import dev.qtorrent.common.metainfo.Metainfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which pieces are on disk, recorded beside the part file at most twice a second ({@link ProgressRecord}), so that
 * an interrupted download resumes with them. The disk thread reports pieces as their writes complete; the download
 * loop records them.
 */
final class ProgressBook {
    private static final Logger log = LoggerFactory.getLogger(ProgressBook.class);
    private static final long SAVE_NANOS = 500_000_000L;

    private final Metainfo metainfo;
    private final BitSet onDisk;
    private final Path progressFile;
    private final Queue<Integer> written = new ConcurrentLinkedQueue<>();
    private long lastSave;
    private boolean dirty;

    ProgressBook(Metainfo metainfo, BitSet have, Path progressFile) {
        this.metainfo = metainfo;
        this.onDisk = (BitSet) have.clone();
        this.progressFile = progressFile;
    }

    /** Piece {@code index} has reached the disk; any thread. */
    void written(int index) {
        written.add(index);
    }

    /** Pieces on disk, this run's and the earlier ones. */
    int persisted() {
        drain();
        return onDisk.cardinality();
    }

    private void drain() {
        Integer index;
        while ((index = written.poll()) != null) {
            onDisk.set(index);
            dirty = true;
        }
    }

    /** Records the pieces on disk, at most twice a second unless {@code now}. */
    void save(boolean now) {
        drain();
        long time = System.nanoTime();
        if (!dirty || !now && time - lastSave < SAVE_NANOS || onDisk.isEmpty()) {
            return;
        }
        try {
            ProgressRecord.of(metainfo, onDisk).write(progressFile);
            dirty = false;
            lastSave = time;
        } catch (IOException e) {
            log.warn("cannot record progress in {}: {}", progressFile, e.getMessage());
        }
    }
}
