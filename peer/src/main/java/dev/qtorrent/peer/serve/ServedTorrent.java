package dev.qtorrent.peer.serve;

import dev.qtorrent.common.metainfo.InfoHash;
import dev.qtorrent.common.storage.StorageLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.Optional;

/**
 * One torrent a node knows: what answering its piece and metainfo requests needs. A node may know a torrent, and
 * serve its metainfo, without holding all or any of its pieces.
 */
public interface ServedTorrent {

    InfoHash infoHash();

    /** The torrent's name, for messages. */
    String name();

    /** Piece and file arithmetic: how many pieces, where each starts, how long it is. */
    StorageLayout layout();

    /** The info dictionary's bytes exactly as in the torrent, which the receiver checks against the info hash. */
    byte[] infoBytes();

    /**
     * Why this node cannot send piece {@code index} (an index inside the torrent), or empty when it can; the reason
     * ends the refusal {@code piece_not_available}, e.g. "this tracker tracks the torrent without holding its data".
     */
    Optional<String> unavailable(int index);

    /**
     * Whether this node can send piece {@code index} now (an index inside the torrent): the view behind bitfields and
     * have subscriptions. The default asks {@link #unavailable(int)}; a source with a cheaper answer overrides it.
     */
    default boolean has(int index) {
        return unavailable(index).isEmpty();
    }

    /** The pieces this node can send now, bit i = piece i. */
    default BitSet held() {
        int count = layout().pieceCount();
        BitSet held = new BitSet(count);
        for (int i = 0; i < count; i++) {
            if (has(i)) {
                held.set(i);
            }
        }
        return held;
    }

    /**
     * Where this torrent publishes its newly verified pieces, or empty when its pieces never change (a seed folder's
     * torrent, all pieces; a tracked-only one, none): then a have subscription sends the bitfield and ends at once.
     * A source whose pieces change returns the same instance every time and calls {@link PieceEvents#verified(int)}
     * after each piece it verifies.
     */
    default Optional<PieceEvents> events() {
        return Optional.empty();
    }

    /**
     * Reads the torrent's bytes from {@code torrentOffset} into {@code target}, from any thread.
     *
     * @return the number of bytes read, 0 or less at the end of the data
     */
    int read(long torrentOffset, ByteBuffer target) throws IOException;

    /** Called once for each piece request accepted, before its bytes are read; for counters. */
    default void pieceServed(int index) {
    }

    /**
     * Called as QUIC takes each run of piece bytes to send, on the event loop; for counters such as an announce's
     * {@code uploaded}. Bytes read but never taken (the receiver cancelled the piece, or its connection died) are
     * not reported.
     */
    default void sent(int bytes) {
    }
}
