package dev.qtorrent.tracker.seed;

import dev.qtorrent.common.metainfo.InfoHash;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.storage.PieceStore;
import dev.qtorrent.common.storage.StorageLayout;
import java.nio.file.Path;
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
                            LongAdder piecesServed) {
    public SeededTorrent(Metainfo metainfo, Path data, Path torrentFile, StorageLayout layout, PieceStore store) {
        this(metainfo, data, torrentFile, layout, store, new LongAdder());
    }

    public InfoHash infoHash() {
        return metainfo.infoHash();
    }

    public String name() {
        return metainfo.info().name();
    }
}
