package dev.qtorrent.tracker.seed;

import dev.qtorrent.common.metainfo.InfoHash;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.storage.PieceStore;
import dev.qtorrent.common.storage.StorageLayout;
import dev.qtorrent.peer.serve.ServedTorrent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * A torrent the tracker serves: its metainfo, where its data and .torrent live, and an open store to read pieces.
 *
 * @param metainfo    the parsed torrent
 * @param data        the seeded file
 * @param torrentFile the .torrent beside it
 * @param layout      piece and file arithmetic
 * @param store       positional reads of the data
 * @param piecesServed piece requests answered so far, for logs and operators
 */
public record SeededTorrent(Metainfo metainfo, Path data, Path torrentFile, StorageLayout layout, PieceStore store,
                            LongAdder piecesServed) implements ServedTorrent {
    public SeededTorrent(Metainfo metainfo, Path data, Path torrentFile, StorageLayout layout, PieceStore store) {
        this(metainfo, data, torrentFile, layout, store, new LongAdder());
    }

    @Override
    public InfoHash infoHash() {
        return metainfo.infoHash();
    }

    @Override
    public String name() {
        return metainfo.info().name();
    }

    @Override
    public byte[] infoBytes() {
        return metainfo.infoBytes();
    }

    @Override
    public Optional<String> unavailable(int index) {
        return Optional.empty();
    }

    @Override
    public int read(long torrentOffset, ByteBuffer target) throws IOException {
        return store.read(torrentOffset, target);
    }

    @Override
    public void pieceServed(int index) {
        piecesServed.increment();
    }
}
