package dev.qtorrent.tracker.seed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.FileVisitResult;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How an entry of the seed folder looks from outside, without reading its bytes: for a file its size and modification
 * time, for a folder the count, sizes, names and newest modification time of the files inside. Two equal signatures
 * taken a quiet period apart mean nobody is writing the entry, so it can be hashed; a signature that differs from the
 * one taken when a torrent was checked means its data changed.
 *
 * @param files        regular files in the entry (1 for a file), or -1 when the entry is absent
 * @param bytes        their total size
 * @param newestMillis the newest modification time among them
 * @param names        a digest of the files' relative paths and sizes (in any order), so that a rename inside a folder
 *                     shows
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

    /**
     * Looks at the files a folder's torrent is made of, as {@code TorrentFiles} lists them: hidden files and folders
     * and symbolic links are left out, and so are the folders' own modification times, which change whenever a
     * hidden temporary file comes and goes.
     */
    private static EntrySignature ofFolder(Path folder) throws IOException {
        long[] totals = new long[4];
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                return !dir.equals(folder) && hidden(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile() && !hidden(file)) {
                    totals[0]++;
                    totals[1] += attributes.size();
                    totals[2] = Math.max(totals[2], attributes.lastModifiedTime().toMillis());
                    totals[3] += (folder.relativize(file).toString().hashCode() * 31L + attributes.size())
                            * 0x9E3779B97F4A7C15L;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return new EntrySignature(totals[0], totals[1], totals[2], totals[3]);
    }

    private static boolean hidden(Path path) {
        return path.getFileName().toString().startsWith(".");
    }
}
