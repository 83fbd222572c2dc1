package dev.qtorrent.client.download;

import java.io.IOException;
import java.nio.file.Path;

/** A local file could not be written (folder missing or read-only, disk full) or read (unreadable source). */
public final class LocalStorageException extends DownloadException {
    public LocalStorageException(Path path, IOException cause) {
        this("cannot write " + path + ": " + describe(cause), cause);
    }

    private LocalStorageException(String message, IOException cause) {
        super(message, cause);
    }

    /** {@code path} could not be read. */
    public static LocalStorageException reading(Path path, IOException cause) {
        return new LocalStorageException("cannot read " + path + ": " + describe(cause), cause);
    }

    /** The node identity in {@code dir} could not be read or created. */
    public static LocalStorageException identity(Path dir, IOException cause) {
        return new LocalStorageException("cannot use the client identity in " + dir + ": " + describe(cause), cause);
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
