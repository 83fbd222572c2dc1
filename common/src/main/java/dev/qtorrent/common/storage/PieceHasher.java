package dev.qtorrent.common.storage;

import dev.qtorrent.common.metainfo.InfoDictionary;
import dev.qtorrent.common.runtime.PieceDigest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams a torrent's bytes, across file boundaries, through SHA-1 piece by piece: to build a torrent's {@code pieces}
 * or to check data against one. Reads are large and sequential, and only one buffer of data is in memory at a time.
 */
public final class PieceHasher {
    private static final int READ_BUFFER_BYTES = 1 << 20;
    private static final int HASH = InfoDictionary.HASH_LENGTH;

    private PieceHasher() {
    }

    /** The concatenated SHA-1 hashes of every piece of {@code layout}, read from {@code store}. */
    public static byte[] hash(PieceStore store, StorageLayout layout, HashProgress progress) throws IOException {
        int count = layout.pieceCount();
        if (count > (Integer.MAX_VALUE - 8) / HASH) {
            throw new IllegalArgumentException(layout.pieceLength() + "-byte pieces give too many pieces");
        }
        byte[] pieces = new byte[count * HASH];
        walk(store, layout, progress, (index, sha1) -> sha1.digest(pieces, index * HASH, HASH));
        return pieces;
    }

    /** The indexes of pieces whose data does not match {@code info}; empty when all of it matches. */
    public static List<Integer> mismatches(PieceStore store, StorageLayout layout, InfoDictionary info,
                                           HashProgress progress) throws IOException {
        List<Integer> bad = new ArrayList<>();
        byte[] actual = new byte[HASH];
        walk(store, layout, progress, (index, sha1) -> {
            sha1.digest(actual, 0, HASH);
            if (!MessageDigest.isEqual(actual, info.pieceHash(index))) {
                bad.add(index);
            }
        });
        return bad;
    }

    private interface PieceDone {
        void done(int index, MessageDigest sha1) throws DigestException;
    }

    private static void walk(PieceStore store, StorageLayout layout, HashProgress progress, PieceDone done)
            throws IOException {
        long total = layout.totalLength();
        PieceDigest.loadInBackground(total);
        MessageDigest sha1 = PieceDigest.sha1();
        long pieceLength = layout.pieceLength();
        ByteBuffer buffer = ByteBuffer.allocateDirect((int) Math.min(READ_BUFFER_BYTES, Math.max(1, total)));
        long offset = 0;
        long inPiece = 0;
        int piece = 0;
        try {
            while (offset < total) {
                buffer.clear();
                buffer.limit((int) Math.min(buffer.capacity(), total - offset));
                while (buffer.hasRemaining()) {
                    int read = store.read(offset + buffer.position(), buffer);
                    if (read <= 0) {
                        throw new IOException("data ends at byte " + (offset + buffer.position()) + " of " + total
                                + " (was a file shortened?)");
                    }
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
                        done.done(piece++, sha1);
                        sha1 = PieceDigest.faster(sha1);
                        inPiece = 0;
                    }
                }
                offset += buffer.limit();
                progress.hashed(offset, total);
            }
            if (inPiece > 0) {
                done.done(piece, sha1);
            }
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-1 digest does not fit its 20-byte slot", e);
        }
    }
}
