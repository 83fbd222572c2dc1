package dev.qtorrent.tracker.seed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * How an entry of the seed folder looks from outside, without reading its bytes: for a file its size and modification
 * time, for a folder the count, sizes, names and newest modification time of the files inside. Two equal signatures
 * taken a quiet period apart mean nobody is writing the entry, so it can be hashed; a signature that differs from the
 * one taken when a torrent was checked means its data changed.
 *
 * @param files        regular files in the entry (1 for a file), or -1 when the entry is absent
 * @param bytes        their total size
 * @param newestMillis the newest modification time among them (and the entry's own)
 * @param names        a digest of the files' relative paths and sizes, so that a rename inside a folder shows
 */
record EntrySignature(long files, long bytes, long newestMillis, long names) {
    static final EntrySignature ABSENT = new EntrySignature(-1, -1, -1, 0);
    /** Each unreadable look differs from every other one, so an entry that cannot be read is never quiet. */
    private static final AtomicLong UNREADABLE = new AtomicLong();

    boolean present() {
        return files >= 0;
    }

    static EntrySignature of(Path entry) {
        try {
            if (!Files.exists(entry, LinkOption.NOFOLLOW_LINKS)) {
                return ABSENT;
            }
            if (!Files.isDirectory(entry)) {
                // A link to nothing is described by the link itself, so that it looks the same every time.
                BasicFileAttributes attributes = Files.exists(entry)
                        ? Files.readAttributes(entry, BasicFileAttributes.class)
                        : Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                return new EntrySignature(1, attributes.size(), attributes.lastModifiedTime().toMillis(), 0);
            }
            return ofFolder(entry);
        } catch (IOException | UncheckedIOException e) {
            // Typically a file removed while the folder was walked: the entry is changing.
            return new EntrySignature(-2, -2, UNREADABLE.incrementAndGet(), 0);
        }
    }

    private static EntrySignature ofFolder(Path folder) throws IOException {
        long files = 0;
        long bytes = 0;
        long newest = Files.getLastModifiedTime(folder).toMillis();
        long names = 0;
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                newest = Math.max(newest, attributes.lastModifiedTime().toMillis());
                if (attributes.isRegularFile()) {
                    files++;
                    bytes += attributes.size();
                    names = names * 31 + folder.relativize(path).toString().hashCode() * 17L + attributes.size();
                }
            }
        }
        return new EntrySignature(files, bytes, newest, names);
    }
}
