package dev.qtorrent.common.metainfo;

import dev.qtorrent.common.bencode.BDict;
import dev.qtorrent.common.bencode.Bencode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Creates single-file torrents by streaming the file through SHA-1, and writes torrent files atomically.
 * The output is plain BEP 3, so other clients read it; the certificate pin is an extra top-level key they ignore.
 */
public final class TorrentWriter {

    public static final String CREATED_BY = "quic-torrent";

    /** Large direct reads keep hashing at disk speed without holding more than one buffer of the file in memory. */
    private static final int READ_BUFFER_BYTES = 1 << 20;

    private TorrentWriter() {
    }

    /**
     * Hashes {@code file} and builds its torrent, stamped with the current time.
     *
     * @param announce the tracker URL, or null or empty to leave {@code announce} out
     * @param certPinHex the tracker certificate's SHA-256 fingerprint (64 hex digits), or null for none
     * @param pieceLength bytes per piece, see {@link PieceLengths#choose(long)}
     * @throws IllegalArgumentException if the file name is unsafe, the pin is malformed or the piece length not positive
     * @throws IOException if the file cannot be read, is not a regular file, or changes size while being hashed
     */
    public static Metainfo create(Path file, String announce, String certPinHex, long pieceLength,
                                  HashProgress progress) throws IOException {
        return create(file, announce, certPinHex, pieceLength, Instant.now(), progress);
    }

    /** Like {@link #create(Path, String, String, long, HashProgress)} with a fixed creation date, for reproducible files. */
    public static Metainfo create(Path file, String announce, String certPinHex, long pieceLength, Instant creationDate,
                                  HashProgress progress) throws IOException {
        Path fileName = file.getFileName();
        if (fileName == null) {
            throw new IllegalArgumentException(file + ": not a file name");
        }
        String name = fileName.toString();
        try {
            SafePath.checkElement(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        if (pieceLength <= 0) {
            throw new IllegalArgumentException("piece length must be positive, not " + pieceLength);
        }
        String pin = null;
        if (certPinHex != null) {
            try {
                pin = Metainfo.checkPin(certPinHex);
            } catch (MetainfoException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        if (!Files.isRegularFile(file) && Files.exists(file)) {
            throw new IOException(file + ": not a regular file");
        }
        long length;
        byte[] pieces;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            length = channel.size();
            pieces = hashPieces(channel, length, pieceLength, progress);
            if (channel.size() != length) {
                throw new IOException(file + ": changed size while being hashed");
            }
        }
        InfoDictionary info = InfoDictionary.singleFile(name, length, pieceLength, pieces);
        BDict.Builder root = BDict.builder()
                .put("created by", CREATED_BY)
                .put("creation date", creationDate.getEpochSecond())
                .put("info", info.raw());
        if (announce != null && !announce.isEmpty()) {
            root.put("announce", announce);
        }
        if (pin != null) {
            root.put(Metainfo.CERT_PIN_KEY, pin);
        }
        return Metainfo.parse(Bencode.encode(root.build()));
    }

    /** Reads {@code length} bytes from the start of {@code channel} and returns the concatenated piece hashes. */
    private static byte[] hashPieces(FileChannel channel, long length, long pieceLength, HashProgress progress)
            throws IOException {
        long pieceCount = length == 0 ? 0 : (length - 1) / pieceLength + 1;
        if (pieceCount > (Integer.MAX_VALUE - 8) / InfoDictionary.HASH_LENGTH) {
            throw new IllegalArgumentException("piece length " + pieceLength + " gives too many pieces for "
                    + length + " bytes");
        }
        byte[] pieces = new byte[(int) pieceCount * InfoDictionary.HASH_LENGTH];
        MessageDigest sha1 = InfoHash.sha1();
        ByteBuffer buffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
        long done = 0;
        long inPiece = 0;
        int piece = 0;
        while (done < length) {
            buffer.clear();
            buffer.limit((int) Math.min(buffer.capacity(), length - done));
            // Positional reads keep the offset in a long we own, independent of the channel's position.
            int read = channel.read(buffer, done);
            if (read < 0) {
                throw new IOException("file shrank while being hashed (ended at byte " + done + ")");
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                int take = (int) Math.min(buffer.remaining(), pieceLength - inPiece);
                int end = buffer.limit();
                buffer.limit(buffer.position() + take);
                sha1.update(buffer);
                buffer.limit(end);
                inPiece += take;
                if (inPiece == pieceLength) {
                    finishPiece(sha1, pieces, piece++);
                    inPiece = 0;
                }
            }
            done += read;
            progress.hashed(done, length);
        }
        if (inPiece > 0) {
            finishPiece(sha1, pieces, piece);
        }
        return pieces;
    }

    private static void finishPiece(MessageDigest sha1, byte[] pieces, int piece) {
        try {
            sha1.digest(pieces, piece * InfoDictionary.HASH_LENGTH, InfoDictionary.HASH_LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-1 digest does not fit its 20-byte slot", e);
        }
    }

    /**
     * Writes {@code metainfo} to {@code target} through a temporary file in the same folder and an atomic rename, so a
     * reader sees the old file or the complete new one, never a partial one.
     */
    public static void write(Metainfo metainfo, Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path temp = absolute.resolveSibling("." + absolute.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(metainfo.toBytes());
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                // Flush before the rename, or a crash could leave the new name pointing at empty data.
                channel.force(true);
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }
}
