package dev.qtorrent.client.download;

import dev.qtorrent.common.metainfo.FileEntry;
import dev.qtorrent.common.metainfo.InfoDictionary;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.metainfo.SafePath;
import dev.qtorrent.common.storage.PieceStore;
import dev.qtorrent.common.storage.StorageLayout;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a download's bytes live until they are complete: a single file downloads into {@code <output>.part}, a
 * multi-file torrent into the folder {@code <output>.part/}, whose files already have their final names. One rename
 * makes the complete result appear, so the output name only ever refers to verified data. Beside it,
 * {@code <output>.part.progress} records the pieces it holds ({@link ProgressRecord}).
 */
final class PartFile {
    private static final Logger log = LoggerFactory.getLogger(PartFile.class);

    private final Path target;
    private final Path path;
    private final Path progressFile;
    private final InfoDictionary info;

    PartFile(Path target, InfoDictionary info) {
        this.target = target;
        this.path = pathFor(target);
        this.progressFile = ProgressRecord.fileFor(path);
        this.info = info;
    }

    static Path pathFor(Path output) {
        return output.resolveSibling(output.getFileName() + ".part");
    }

    Path path() {
        return path;
    }

    Path progressFile() {
        return progressFile;
    }

    /**
     * The pieces an earlier run recorded, still to be rechecked. Without a record that matches the torrent, a part
     * file left behind is not trusted: it is removed and the download starts afresh.
     */
    BitSet claimedPieces(Metainfo metainfo) throws IOException {
        Files.createDirectories(target.getParent());
        BitSet claimed = ProgressRecord.read(progressFile).map(r -> r.claimedFor(metainfo)).orElseGet(BitSet::new);
        if (claimed.isEmpty() || !Files.exists(path)) {
            deleteRecursively(path);
            Files.deleteIfExists(progressFile);
            claimed.clear();
        }
        return claimed;
    }

    /** The pieces the progress record names, if the part file is there: what the next run starts from. */
    int recordedPieces(Metainfo metainfo) {
        if (!Files.exists(path)) {
            return 0;
        }
        return ProgressRecord.read(progressFile).map(r -> r.claimedFor(metainfo).cardinality()).orElse(0);
    }

    /** Opens the part file (or the files of the part folder) for writing, creating what is missing. */
    PieceStore open(StorageLayout layout) throws IOException {
        if (!info.isMultiFile()) {
            return PieceStore.open(path.getParent(), List.of(path), layout, true);
        }
        Files.createDirectories(path);
        return PieceStore.open(path, filesUnder(path, info), layout, true);
    }

    /** Where a multi-file torrent's files lie under {@code root}, in torrent order. */
    static List<Path> filesUnder(Path root, InfoDictionary info) {
        List<Path> files = new ArrayList<>();
        for (FileEntry entry : info.files()) {
            // The first path element is the torrent's name, which the root folder stands in for.
            files.add(SafePath.resolve(root, entry.path().subList(1, entry.path().size())));
        }
        return files;
    }

    void close(PieceStore store) throws LocalStorageException {
        try {
            store.close();
        } catch (IOException e) {
            throw new LocalStorageException(path, e);
        }
    }

    void closeQuietly(PieceStore store) {
        try {
            store.close();
        } catch (IOException e) {
            log.warn("cannot close {}: {}", path, e.getMessage());
        }
    }

    /**
     * Renames the complete, verified data to the output name, then drops the progress record. What is already at
     * the output is replaced only if {@code replace}; otherwise the move fails and the part file stays.
     */
    void moveIntoPlace(boolean replace) throws LocalStorageException {
        try {
            if (!replace || !Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                // Without ATOMIC_MOVE, Files.move refuses an existing target where rename(2) would replace it.
                Files.move(path, target);
            } else if (!info.isMultiFile() && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.move(path, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } else {
                replaceFolder();
            }
            Files.deleteIfExists(progressFile);
        } catch (IOException e) {
            throw new LocalStorageException(target, e);
        }
    }

    /**
     * A folder cannot be renamed over a folder that has files, so the old one is moved aside first, into a new
     * hidden folder beside it, and deleted once the new one is in place (or put back if that fails).
     */
    private void replaceFolder() throws IOException {
        Path aside = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".replaced-");
        Path old = aside.resolve("old");
        Files.move(target, old);
        try {
            Files.move(path, target);
        } catch (IOException e) {
            Files.move(old, target);
            Files.delete(aside);
            throw e;
        }
        try {
            deleteRecursively(aside);
        } catch (IOException e) {
            log.warn("replaced {}, but cannot remove its old data in {}: {}", target, aside, e.getMessage());
        }
    }

    /** Removes the part file and its record, when nothing in them is worth keeping. */
    void discard() {
        try {
            deleteRecursively(path);
            Files.deleteIfExists(progressFile);
        } catch (IOException e) {
            log.warn("cannot remove {}: {}", path, e.getMessage());
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> walk = Files.walk(path)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        } else {
            Files.deleteIfExists(path);
        }
    }
}
