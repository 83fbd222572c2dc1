package dev.qtorrent.client.download;

import java.io.IOException;
import java.nio.file.Path;

/** The output could not be written: folder missing or read-only, disk full. */
public final class LocalStorageException extends DownloadException {
    public LocalStorageException(Path path, IOException cause) {
        super("cannot write " + path + ": " + describe(cause), cause);
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
