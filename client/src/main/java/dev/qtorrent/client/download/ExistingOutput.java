package dev.qtorrent.client.download;

import dev.qtorrent.common.metainfo.FileEntry;
import dev.qtorrent.common.metainfo.InfoDictionary;
import dev.qtorrent.common.storage.PieceStore;
import dev.qtorrent.common.storage.StorageLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * Data already at a download's output, compared with the torrent before anything could replace it. It matches when
 * every file of the torrent is there with its exact size and every piece hashes right, as aria2's
 * {@code --check-integrity} decides; other files in a multi-file output folder are not the torrent's and are ignored.
 */
final class ExistingOutput {
    private ExistingOutput() {
    }

    /**
     * How existing data differs from the torrent.
     *
     * @param differing pieces that do not hash right, or -1 when files are missing and nothing was hashed
     * @param pieces    the torrent's piece count
     * @param problems  what else is wrong (kind, missing files, sizes); empty when nothing is
     */
    record Comparison(int differing, int pieces, List<String> problems) {
        Comparison {
            problems = List.copyOf(problems);
        }

        boolean matches() {
            return differing == 0 && problems.isEmpty();
        }

        /** One line for the user, e.g. {@code 3 of 5 pieces differ; 300 bytes where the torrent has 12}. */
        String describe() {
            List<String> parts = new ArrayList<>();
            if (differing > 0) {
                parts.add(differing + " of " + pieces + (pieces == 1 ? " piece differs" : " pieces differ"));
            }
            parts.addAll(problems);
            return String.join("; ", parts);
        }
    }

    /** Compares what is at {@code target} with the torrent, or returns empty when nothing is there. */
    static Optional<Comparison> compare(Path target, InfoDictionary info, DownloadListener listener)
            throws IOException, InterruptedException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        StorageLayout layout = StorageLayout.of(info);
        int pieces = layout.pieceCount();
        if (info.isMultiFile() != Files.isDirectory(target)) {
            return Optional.of(new Comparison(-1, pieces, List.of(info.isMultiFile()
                    ? "it is a file, where the torrent is a folder" : "it is a folder, where the torrent is a file")));
        }
        if (!info.isMultiFile() && !Files.isRegularFile(target)) {
            return Optional.of(new Comparison(-1, pieces, List.of("it is not a regular file")));
        }
        Path root = info.isMultiFile() ? target : target.toAbsolutePath().getParent();
        List<Path> files = info.isMultiFile() ? PartFile.filesUnder(target, info) : List.of(target);
        List<String> problems = new ArrayList<>();
        int missing = 0;
        int wrongSize = 0;
        int counted = 0;
        for (int i = 0; i < files.size(); i++) {
            FileEntry entry = info.files().get(i);
            if (entry.padding()) {
                continue;
            }
            counted++;
            Path file = files.get(i);
            if (!Files.isRegularFile(file)) {
                missing++;
            } else if (Files.size(file) != entry.length()) {
                wrongSize++;
                if (!info.isMultiFile()) {
                    problems.add(String.format("it has %,d bytes where the torrent has %,d", Files.size(file),
                            entry.length()));
                }
            }
        }
        if (missing > 0) {
            problems.add(missing + " of " + counted + (counted == 1 ? " file is" : " files are") + " missing");
            return Optional.of(new Comparison(-1, pieces, problems));
        }
        if (info.isMultiFile() && wrongSize > 0) {
            problems.add(wrongSize + (wrongSize == 1 ? " file has" : " files have") + " the wrong size");
        }
        BitSet all = new BitSet();
        all.set(0, pieces);
        try (PieceStore store = PieceStore.open(root, files, layout, false)) {
            BitSet good = PieceRecheck.good(store, layout, info, all, listener);
            return Optional.of(new Comparison(pieces - good.cardinality(), pieces, problems));
        }
    }
}
