package dev.qtorrent.client.download;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps two downloads from writing the same output: an exclusive lock on {@code <output>.part.lock}, held for the
 * whole download, whose text names the holder (process id, start time, torrent) for the message the second one
 * gets. The operating system drops the lock when its process dies, so a killed download never blocks the next.
 *
 * <p>A file beside the part file is locked rather than the part file itself: POSIX drops a process's locks on a file
 * as soon as any of its channels to it is closed, and the part file's channels come and go (and a multi-file part is
 * a folder). The lock covers one byte far past the text, so that Windows, whose locks are mandatory, still lets the
 * second download read who holds it.
 */
final class OutputLock implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutputLock.class);
    private static final long LOCKED_BYTE = Long.MAX_VALUE - 1;
    /** The file key of a lock file that is no longer there. */
    private static final Object DELETED = new Object();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private OutputLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    static Path fileFor(Path part) {
        return part.resolveSibling(part.getFileName() + ".lock");
    }

    /**
     * Locks the output whose part file is {@code part}, or fails with a message naming the download that holds it.
     *
     * @param holder what this download is, for the message another one would get (the torrent it downloads)
     */
    static OutputLock acquire(Path part, String holder) throws LocalStorageException {
        Path file = fileFor(part);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            // A holder that finishes deletes the file: if that happened between our open and our lock, the lock
            // guards a file nobody else will open, so open the new one and lock again.
            for (int attempt = 0; attempt < 5; attempt++) {
                OutputLock taken = tryAcquire(file, part);
                if (taken != null) {
                    taken.describe(holder);
                    return taken;
                }
            }
            throw new IOException("the lock file keeps being replaced");
        } catch (IOException e) {
            throw new LocalStorageException(part, e);
        }
    }

    private static OutputLock tryAcquire(Path file, Path part) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            // Null keys (a platform without them) compare equal, and such a platform then relies on the lock alone.
            Object opened = fileKey(file);
            FileLock lock;
            try {
                lock = channel.tryLock(LOCKED_BYTE, 1, false);
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new FileSystemException(part.toString(), null, "another download is writing it ("
                        + holderOf(file) + "): wait for it to finish, or choose another output");
            }
            if (opened != DELETED && Objects.equals(opened, fileKey(file))) {
                return new OutputLock(file, channel, lock);
            }
            lock.release();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        channel.close();
        return null;
    }

    private static Object fileKey(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (NoSuchFileException e) {
            return DELETED;
        }
    }

    private static String holderOf(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "it has not said which yet" : text;
        } catch (IOException e) {
            return "unknown";
        }
    }

    private void describe(String holder) throws IOException {
        String text = "pid " + ProcessHandle.current().pid() + ", started "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ", " + holder + "\n";
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
    }

    /** Removes the lock file, then lets go of the lock, so that nobody locks a file that is about to vanish. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("cannot remove {}: {}", file, e.getMessage());
        }
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            log.warn("cannot release the lock on {}: {}", file, e.getMessage());
        }
    }
}
