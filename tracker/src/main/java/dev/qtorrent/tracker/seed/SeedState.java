package dev.qtorrent.tracker.seed;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.qtorrent.common.metainfo.InfoHash;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * What the tracker last verified about a torrent's data: the size and modification time of each file when its pieces
 * matched. On a restart, data that still looks exactly so is served without being hashed again. Kept as small JSON
 * files in a hidden folder of the seed folder, which the seed scan skips.
 */
final class SeedState {
    static final String FOLDER = ".qtorrent";

    private final Path folder;
    private final ObjectMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** One verified torrent: its info hash and the files as they were. */
    record Verified(@JsonProperty("info_hash") String infoHash, @JsonProperty("files") List<FileStamp> files) {
    }

    /** A file's path (relative to the seed folder), size and modification time in milliseconds. */
    record FileStamp(@JsonProperty("path") String path, @JsonProperty("size") long size,
                     @JsonProperty("mtime_ms") long modifiedMillis) {
    }

    SeedState(Path seedFolder) {
        this.folder = seedFolder.resolve(FOLDER).resolve("verified");
    }

    /** Whether {@code files} still match what was recorded when {@code torrentFile}'s data was last verified. */
    boolean unchanged(Path torrentFile, InfoHash infoHash, Path seedFolder, List<Path> files) {
        Path record = recordFor(torrentFile);
        if (!Files.isRegularFile(record)) {
            return false;
        }
        try {
            Verified verified = json.readValue(record.toFile(), Verified.class);
            return verified.infoHash().equals(infoHash.hex()) && verified.files().equals(stamps(seedFolder, files));
        } catch (IOException | RuntimeException e) {
            // An unreadable record only costs a rehash.
            return false;
        }
    }

    void recordVerified(Path torrentFile, InfoHash infoHash, Path seedFolder, List<Path> files) throws IOException {
        Files.createDirectories(folder);
        Path record = recordFor(torrentFile);
        Path temp = Files.createTempFile(folder, record.getFileName().toString(), ".tmp");
        try {
            json.writeValue(temp.toFile(), new Verified(infoHash.hex(), stamps(seedFolder, files)));
            try {
                Files.move(temp, record, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, record, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    void forget(Path torrentFile) throws IOException {
        Files.deleteIfExists(recordFor(torrentFile));
    }

    private Path recordFor(Path torrentFile) {
        return folder.resolve(torrentFile.getFileName() + ".json");
    }

    private static List<FileStamp> stamps(Path seedFolder, List<Path> files) throws IOException {
        List<FileStamp> stamps = new ArrayList<>(files.size());
        for (Path file : files) {
            stamps.add(new FileStamp(seedFolder.relativize(file).toString().replace('\\', '/'), Files.size(file),
                    Files.getLastModifiedTime(file).toMillis()));
        }
        return stamps;
    }
}
