package dev.qtorrent.bench.swarm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/** The files of a swarm run: the random seed file, and the check that a download matches it. */
public final class SwarmFiles {
    static final String SEED_NAME = "swarm.bin";

    private SwarmFiles() {
    }

    /** Random bytes, so nothing along the way can compress or deduplicate them. */
    public static void writeRandom(Path file, long size) throws IOException {
        SplittableRandom random = new SplittableRandom();
        ByteBuffer block = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long written = 0; written < size; ) {
                block.clear();
                while (block.hasRemaining()) {
                    block.putLong(random.nextLong());
                }
                block.flip().limit((int) Math.min(block.capacity(), size - written));
                while (block.hasRemaining()) {
                    written += channel.write(block);
                }
            }
        }
    }

    /** Fails unless {@code download} holds exactly the seed's bytes; then deletes it, so the disk does not fill. */
    static void checkAndDelete(Path seed, Path download, String who) throws IOException {
        if (!Files.isRegularFile(download) || Files.mismatch(seed, download) != -1) {
            throw new IllegalStateException(who + " wrote " + download + ", which differs from the seed");
        }
        Files.delete(download);
    }

    /** Deletes a folder tree; a failure is reported, not thrown, since this runs while the benchmark ends. */
    public static void deleteQuietly(Path root) {
        try {
            deleteTree(root);
        } catch (IOException | java.io.UncheckedIOException e) {
            System.err.println("swarm: could not delete " + root + ": " + e.getMessage());
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
