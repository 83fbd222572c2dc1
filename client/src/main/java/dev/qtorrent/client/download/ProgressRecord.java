package dev.qtorrent.client.download;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.qtorrent.common.metainfo.Metainfo;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.BitSet;
import java.util.Optional;

/**
 * Which pieces of a download are already in its part file, kept beside it as {@code <output>.part.progress} so that
 * an interrupted download resumes where it stopped. It is a hint, never trusted: on resume every piece it names is
 * hashed again from the part file, and only those that still match count. The format (JSON):
 * <pre>
 * {"format":"qtorrent-progress/1","info_hash":"&lt;40 hex&gt;","piece_length":N,"piece_count":M,
 *  "total_length":T,"have":"&lt;base64 bitfield&gt;"}
 * </pre>
 * {@code have} is a BEP 3 bitfield: bit 7 of byte 0 is piece 0, bit 6 piece 1, and so on.
 *
 * @param format      {@value #FORMAT}
 * @param infoHash    the torrent's info hash
 * @param pieceLength the torrent's piece length
 * @param pieceCount  the torrent's piece count
 * @param totalLength the torrent's total length
 * @param have        the bitfield, base64
 */
public record ProgressRecord(
        @JsonProperty("format") String format,
        @JsonProperty("info_hash") String infoHash,
        @JsonProperty("piece_length") long pieceLength,
        @JsonProperty("piece_count") int pieceCount,
        @JsonProperty("total_length") long totalLength,
        @JsonProperty("have") String have) {

    public static final String FORMAT = "qtorrent-progress/1";
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public static Path fileFor(Path part) {
        return part.resolveSibling(part.getFileName() + ".progress");
    }

    static ProgressRecord of(Metainfo metainfo, BitSet pieces) {
        int count = metainfo.info().pieceCount();
        byte[] bits = new byte[(count + 7) / 8];
        for (int i = pieces.nextSetBit(0); i >= 0 && i < count; i = pieces.nextSetBit(i + 1)) {
            bits[i / 8] |= (byte) (0x80 >>> (i % 8));
        }
        return new ProgressRecord(FORMAT, metainfo.infoHash().hex(), metainfo.info().pieceLength(), count,
                metainfo.info().totalLength(), Base64.getEncoder().encodeToString(bits));
    }

    /** The pieces this record claims, if it describes {@code metainfo}; empty for another torrent or bad data. */
    BitSet claimedFor(Metainfo metainfo) {
        BitSet pieces = new BitSet();
        int count = metainfo.info().pieceCount();
        if (!FORMAT.equals(format) || !metainfo.infoHash().hex().equals(infoHash)
                || pieceLength != metainfo.info().pieceLength() || pieceCount != count
                || totalLength != metainfo.info().totalLength() || have == null) {
            return pieces;
        }
        byte[] bits;
        try {
            bits = Base64.getDecoder().decode(have);
        } catch (IllegalArgumentException e) {
            return pieces;
        }
        if (bits.length != (count + 7) / 8) {
            return pieces;
        }
        for (int i = 0; i < count; i++) {
            if ((bits[i / 8] & (0x80 >>> (i % 8))) != 0) {
                pieces.set(i);
            }
        }
        return pieces;
    }

    static Optional<ProgressRecord> read(Path file) {
        try {
            return Files.isRegularFile(file) ? Optional.of(JSON.readValue(file.toFile(), ProgressRecord.class))
                    : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Writes through a temporary file and a rename, so a crash leaves the old record or the new one. */
    void write(Path file) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(temp.toFile(), this);
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
