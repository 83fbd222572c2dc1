package dev.qtorrent.client.download;

import dev.qtorrent.common.metainfo.InfoDictionary;
import dev.qtorrent.common.storage.PieceStore;
import dev.qtorrent.common.storage.StorageLayout;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Data to seed: checked piece by piece against the torrent, as a download checks an existing output, and opened for
 * reading only when every piece matches, so that a seed never sends a byte that fails a downloader's check.
 */
public final class SeedData {
    private SeedData() {
    }

    /**
     * Checks {@code data} (the file, or a multi-file torrent's folder) and opens it read-only.
     *
     * @throws LocalStorageException when it is missing, cannot be read, or differs from the torrent
     */
    public static PieceStore open(Path data, InfoDictionary info, DownloadListener listener)
            throws LocalStorageException, InterruptedException {
        try {
            Optional<ExistingOutput.Comparison> existing = ExistingOutput.compare(data, info, listener);
            if (existing.isEmpty()) {
                throw LocalStorageException.reading(data, new NoSuchFileException(data.toString(), null,
                        "no data to seed there: give the file (or a multi-file torrent's folder) as DATA"));
            }
            if (!existing.get().matches()) {
                throw LocalStorageException.reading(data, new FileSystemException(data.toString(), null,
                        "does not match the torrent (" + existing.get().describe() + "), so it cannot be seeded"));
            }
            return openChecked(data, info);
        } catch (IOException e) {
            throw LocalStorageException.reading(data, e);
        }
    }

    /** Opens {@code data} read-only without checking it: for a download that has just verified every piece. */
    public static PieceStore openChecked(Path data, InfoDictionary info) throws IOException {
        Path root = info.isMultiFile() ? data : data.toAbsolutePath().getParent();
        List<Path> files = info.isMultiFile() ? PartFile.filesUnder(data, info) : List.of(data);
        return PieceStore.open(root, files, StorageLayout.of(info), false);
    }
}
