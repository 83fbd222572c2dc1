package dev.qtorrent.client.download;

import dev.qtorrent.common.metainfo.InfoDictionary;
import dev.qtorrent.common.runtime.PieceDigest;
import dev.qtorrent.common.storage.PieceStore;
import dev.qtorrent.common.storage.StorageLayout;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.BitSet;

/** Checks the pieces an earlier run says it wrote against their hashes, so a damaged part file is never trusted. */
final class PieceRecheck {
    private PieceRecheck() {
    }

    /**
     * The {@code claimed} pieces whose bytes in {@code store} still hash right; {@code listener} hears how many bytes
     * have been checked, for a progress line, since a large file takes a while.
     */
    static BitSet good(PieceStore store, StorageLayout layout, InfoDictionary info, BitSet claimed,
                       DownloadListener listener) throws IOException, InterruptedException {
        BitSet good = new BitSet();
        if (claimed.isEmpty()) {
            return good;
        }
        PieceDigest.loadInBackground((long) claimed.cardinality() * layout.pieceLength());
        MessageDigest sha1 = PieceDigest.sha1();
        ByteBuffer buffer = ByteBuffer.allocateDirect((int) Math.min(layout.pieceLength(), 1 << 20));
        // Counted against the whole torrent, so that a progress line goes on from where the check leaves it.
        long toCheck = layout.totalLength();
        long checked = 0;
        listener.checked(checked, toCheck);
        for (int index = claimed.nextSetBit(0); index >= 0; index = claimed.nextSetBit(index + 1)) {
            if (Thread.interrupted()) {
                throw new InterruptedException("stopped while checking pieces");
            }
            sha1 = PieceDigest.faster(sha1);
            if (hashMatches(store, layout, index, info.pieceHash(index), buffer, sha1)) {
                good.set(index);
            }
            checked += layout.pieceSize(index);
            listener.checked(checked, toCheck);
        }
        return good;
    }

    private static boolean hashMatches(PieceStore store, StorageLayout layout, int index, byte[] expected,
                                       ByteBuffer buffer, MessageDigest sha1) throws IOException {
        sha1.reset();
        long offset = layout.pieceOffset(index);
        long remaining = layout.pieceSize(index);
        try {
            while (remaining > 0) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), remaining));
                while (buffer.hasRemaining()) {
                    if (store.read(offset + buffer.position(), buffer) <= 0) {
                        return false;
                    }
                }
                buffer.flip();
                offset += buffer.remaining();
                remaining -= buffer.remaining();
                sha1.update(buffer);
            }
        } catch (EOFException e) {
            // A part file shorter than the record says: the piece is simply not there.
            return false;
        }
        return MessageDigest.isEqual(sha1.digest(), expected);
    }
}
