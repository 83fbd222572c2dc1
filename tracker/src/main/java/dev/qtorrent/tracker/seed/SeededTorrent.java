package dev.qtorrent.tracker.seed;

import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ProtocolException;
import dev.qtorrent.common.metainfo.InfoHash;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.storage.PieceStore;
import dev.qtorrent.common.storage.StorageLayout;
import dev.qtorrent.peer.serve.ServedTorrent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * A torrent the tracker serves: its metainfo, where its data and .torrent live, and an open store to read pieces.
 * Once withdrawn from the catalog (its data was removed or changed) its reads fail with a reason, so a piece being
 * sent when that happens ends with an error rather than with bytes of the wrong data.
 */
public final class SeededTorrent implements ServedTorrent {
    private final Metainfo metainfo;
    private final Path data;
    private final Path torrentFile;
    private final StorageLayout layout;
    private final PieceStore store;
    private final LongAdder piecesServed = new LongAdder();
    private final LongAdder bytesServed = new LongAdder();
    private volatile boolean withdrawn;

    /**
     * @param metainfo    the parsed torrent
     * @param data        the seeded file or folder
     * @param torrentFile the .torrent beside it
     * @param layout      piece and file arithmetic
     * @param store       positional reads of the data
     */
    public SeededTorrent(Metainfo metainfo, Path data, Path torrentFile, StorageLayout layout, PieceStore store) {
        this.metainfo = metainfo;
        this.data = data;
        this.torrentFile = torrentFile;
        this.layout = layout;
        this.store = store;
    }

    public Metainfo metainfo() {
        return metainfo;
    }

    public Path data() {
        return data;
    }

    public Path torrentFile() {
        return torrentFile;
    }

    @Override
    public StorageLayout layout() {
        return layout;
    }

    public PieceStore store() {
        return store;
    }

    /** Piece requests answered so far, for logs and operators. */
    public LongAdder piecesServed() {
        return piecesServed;
    }

    /** Piece bytes handed to QUIC so far, for the status page. */
    public long bytesServed() {
        return bytesServed.sum();
    }

    @Override
    public void sent(int bytes) {
        bytesServed.add(bytes);
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
        return withdrawn ? Optional.of(name() + " was removed from the seed folder or changed") : Optional.empty();
    }

    /**
     * {@inheritDoc}
     *
     * @throws ProtocolException {@code piece_not_available} once the torrent is withdrawn: a refusal the server logs
     *     in one line, and that ends a piece already begun with a reset stream
     */
    @Override
    public int read(long torrentOffset, ByteBuffer target) throws IOException {
        if (withdrawn) {
            throw gone();
        }
        try {
            return store.read(torrentOffset, target);
        } catch (ClosedChannelException e) {
            throw gone();
        }
    }

    private ProtocolException gone() {
        return new ProtocolException(ErrorCode.PIECE_NOT_AVAILABLE, name()
                + " was removed from the seed folder or changed; not serving it");
    }

    @Override
    public void pieceServed(int index) {
        piecesServed.increment();
    }

    /** Fails every later read and closes the files. */
    void withdraw() {
        withdrawn = true;
        SeedCatalog.closeQuietly(store);
    }

    @Override
    public String toString() {
        return "SeededTorrent[" + name() + ", " + infoHash().hex() + ", " + torrentFile + "]";
    }
}
