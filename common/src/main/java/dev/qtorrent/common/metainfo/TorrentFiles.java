package dev.qtorrent.common.metainfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** The files a folder contributes to a multi-file torrent. */
public final class TorrentFiles {
    /**
     * Why no torrent is made of data without a single byte: it would have no pieces, and libtorrent ("invalid length
     * of torrent") and Transmission ("Invalid metadata entry") refuse such a torrent, even the one mktorrent writes.
     */
    public static final String EMPTY_DATA = "empty: a torrent of no data has no pieces, which BitTorrent clients "
            + "refuse";

    private TorrentFiles() {
    }

    /**
     * Every regular file below {@code folder}, in path order (see {@link #compareElements}), leaving out hidden files and
     * folders (names starting with a dot) and symbolic links, which could point outside the folder.
     *
     * @throws IOException if the folder cannot be read or holds no files
     * @throws IllegalArgumentException if a name cannot travel in a torrent (see {@link SafePath#checkElement})
     */
    public static List<Path> list(Path folder) throws IOException {
        List<Path> files = walk(folder);
        if (files.isEmpty()) {
            throw new IOException(folder + ": the folder holds no files");
        }
        return files;
    }

    /**
     * Whether a file, or the files {@link #list} finds below a folder, hold at least one byte: only then can a torrent
     * describe them (see {@link #EMPTY_DATA}).
     *
     * @throws IOException if the file or folder cannot be read
     * @throws IllegalArgumentException if a name cannot travel in a torrent
     */
    public static boolean holdsData(Path source) throws IOException {
        if (!Files.isDirectory(source)) {
            return Files.size(source) > 0;
        }
        for (Path file : walk(source)) {
            if (Files.size(file) > 0) {
                return true;
            }
        }
        return false;
    }

    private static List<Path> walk(Path folder) throws IOException {
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(folder) && hidden(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && !hidden(file) && !Files.isSymbolicLink(file)) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        for (Path file : files) {
            for (Path element : folder.relativize(file)) {
                try {
                    SafePath.checkElement(element.toString());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
                }
            }
        }
        files.sort(Comparator.comparing(file -> folder.relativize(file), TorrentFiles::compareElements));
        return files;
    }

    /** The bytes a file, or a folder's torrent files, hold. */
    public static long totalSize(Path source) throws IOException {
        if (!Files.isDirectory(source)) {
            return Files.size(source);
        }
        long total = 0;
        for (Path file : list(source)) {
            total += Files.size(file);
        }
        return total;
    }

    private static boolean hidden(Path path) {
        return path.getFileName().toString().startsWith(".") || Files.isSymbolicLink(path)
                && !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Element by element, each element compared by its UTF-8 bytes as unsigned numbers, a folder's name before any
     * longer name it begins: {@code a/b} before {@code a-b} before {@code a.b}. Byte order, unlike
     * {@link String#compareTo} (UTF-16 units), is what any other implementation can reproduce.
     */
    private static int compareElements(Path a, Path b) {
        int n = Math.min(a.getNameCount(), b.getNameCount());
        for (int i = 0; i < n; i++) {
            int c = Arrays.compareUnsigned(utf8(a.getName(i)), utf8(b.getName(i)));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.getNameCount(), b.getNameCount());
    }

    private static byte[] utf8(Path element) {
        return element.toString().getBytes(StandardCharsets.UTF_8);
    }
}
