package dev.qtorrent.client.download;

import dev.qtorrent.common.metainfo.InfoDictionary;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one download writes, claimed for as long as it runs. Its {@link OutputLock} keeps a second download to the
 * same output out; data already at the output is checked before anything could replace it, and is replaced only
 * when asked to ({@code --overwrite}), and then only by the rename of the complete, verified download.
 */
public final class DownloadTarget implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DownloadTarget.class);

    private final Path path;
    private final boolean overwrite;
    private final OutputLock lock;
    /** The outermost folder this claim created, removed again if the download leaves it empty; null if none. */
    private final Path createdFolder;

    private DownloadTarget(Path path, boolean overwrite, OutputLock lock, Path createdFolder) {
        this.path = path;
        this.overwrite = overwrite;
        this.lock = lock;
        this.createdFolder = createdFolder;
    }

    /**
     * Claims {@code path} (the output file, or a multi-file torrent's root folder), creating its folder if needed.
     *
     * @param overwrite whether data already there that does not match the torrent may be replaced
     * @param holder    what this download is (its torrent), named to a second download that is refused
     * @throws LocalStorageException if another download holds it, or its folder cannot be made
     */
    public static DownloadTarget claim(Path path, boolean overwrite, String holder) throws LocalStorageException {
        Path createdFolder = null;
        for (Path folder = path.toAbsolutePath().getParent(); folder != null && !Files.exists(folder);
                folder = folder.getParent()) {
            createdFolder = folder;
        }
        OutputLock lock = OutputLock.acquire(PartFile.pathFor(path.toAbsolutePath()), holder);
        return new DownloadTarget(path, overwrite, lock, createdFolder);
    }

    public Path path() {
        return path;
    }

    boolean overwrite() {
        return overwrite;
    }

    /**
     * Checks data already at the output against the torrent, piece by piece ({@code listener} hears the progress).
     *
     * @return true if it is there and complete: there is nothing to download
     * @throws LocalStorageException if something else is there and {@code --overwrite} was not given
     */
    public boolean alreadyComplete(InfoDictionary info, DownloadListener listener)
            throws LocalStorageException, InterruptedException {
        Optional<ExistingOutput.Comparison> existing;
        try {
            existing = ExistingOutput.compare(path, info, listener);
        } catch (IOException e) {
            throw new LocalStorageException(path, e);
        }
        if (existing.isEmpty()) {
            return false;
        }
        if (existing.get().matches()) {
            log.info("{} already holds the torrent's data, verified", path);
            return true;
        }
        String difference = existing.get().describe();
        if (overwrite) {
            log.info("{} differs from the torrent ({}); --overwrite: replaced once the download is verified", path,
                    difference);
            return false;
        }
        throw new LocalStorageException(path, new FileAlreadyExistsException(path.toString(), null,
                "already exists and does not match the torrent (" + difference + "): pass --overwrite to replace "
                        + "it, or choose another output"));
    }

    /** Lets go of the output, and removes a folder the claim created if nothing was left in it. */
    @Override
    public void close() {
        lock.close();
        if (createdFolder == null) {
            return;
        }
        for (Path folder = path.toAbsolutePath().getParent(); folder != null && folder.startsWith(createdFolder);
                folder = folder.getParent()) {
            try {
                Files.deleteIfExists(folder);
            } catch (DirectoryNotEmptyException e) {
                return;
            } catch (IOException e) {
                log.debug("cannot remove {}: {}", folder, e.getMessage());
                return;
            }
        }
    }
}
