package dev.qtorrent.peer.serve;

import dev.qtorrent.common.metainfo.FileEntry;
import dev.qtorrent.common.metainfo.InfoHash;
import dev.qtorrent.common.storage.StorageLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * An in-memory torrent whose pieces are verified one by one, as a downloading node's are: it publishes each through
 * its {@link PieceEvents} (or has none, for a torrent that never changes). Byte {@code i} of the data is
 * {@code i % 251}; reads are counted per piece.
 */
final class ChangingTorrent implements ServedTorrent {
    private final byte[] info;
    private final StorageLayout layout;
    private final PieceEvents events;
    private final BitSet held = new BitSet();
    private final AtomicLongArray bytesRead;
    /** How many times a node took the held pieces (a bitfield, a have subscription's first line). */
    private final AtomicInteger snapshots = new AtomicInteger();

    ChangingTorrent(String name, long length, int pieceLength, boolean changes) {
        this.info = ("d4:name" + name.length() + ":" + name + "e").getBytes(StandardCharsets.US_ASCII);
        this.layout = new StorageLayout(List.of(new FileEntry(List.of(name), length)), pieceLength);
        this.events = changes ? new PieceEvents() : null;
        this.bytesRead = new AtomicLongArray(layout.pieceCount());
    }

    /** Marks {@code index} verified and publishes it. */
    void verify(int index) {
        synchronized (held) {
            held.set(index);
        }
        if (events != null) {
            events.verified(index);
        }
    }

    void verifyAll() {
        for (int i = 0; i < layout.pieceCount(); i++) {
            verify(i);
        }
    }

    PieceEvents pieceEvents() {
        return events;
    }

    long bytesRead(int piece) {
        return bytesRead.get(piece);
    }

    @Override
    public InfoHash infoHash() {
        return InfoHash.of(info);
    }

    @Override
    public String name() {
        return "changing";
    }

    @Override
    public StorageLayout layout() {
        return layout;
    }

    @Override
    public byte[] infoBytes() {
        return info.clone();
    }

    @Override
    public Optional<String> unavailable(int index) {
        synchronized (held) {
            return held.get(index) ? Optional.empty() : Optional.of("not verified yet");
        }
    }

    /** The pieces verified so far, taken at one instant, so that a verify racing the snapshot is in it or not. */
    @Override
    public BitSet held() {
        synchronized (held) {
            snapshots.incrementAndGet();
            return (BitSet) held.clone();
        }
    }

    int snapshots() {
        return snapshots.get();
    }

    @Override
    public Optional<PieceEvents> events() {
        return Optional.ofNullable(events);
    }

    @Override
    public int read(long torrentOffset, ByteBuffer target) {
        int length = (int) Math.min(target.remaining(), layout.totalLength() - torrentOffset);
        if (length <= 0) {
            return -1;
        }
        for (int i = 0; i < length; i++) {
            target.put((byte) ((torrentOffset + i) % 251));
        }
        bytesRead.addAndGet((int) (torrentOffset / layout.pieceLength()), length);
        return length;
    }
}
