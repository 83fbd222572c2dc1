package dev.qtorrent.client.download;

import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.PieceRequest;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.storage.StorageLayout;
import java.time.Duration;
import java.util.BitSet;
import java.util.function.Consumer;

/**
 * The requests of one download in flight: how many copies of each piece are being sent and by whom, how often each
 * piece has failed, and which piece a source asks for a second copy of in the endgame. Owned by the download loop's
 * thread.
 */
final class RequestBook {
    private final Metainfo metainfo;
    private final StorageLayout layout;
    private final DiskWriter writer;
    private final Consumer<SwarmEvent> events;
    private final MessageCodec codec = new MessageCodec();
    private final String infoHash;
    private final int[] copies;
    private final BitSet taken;
    private final int[] failures;

    RequestBook(Metainfo metainfo, StorageLayout layout, DiskWriter writer, Consumer<SwarmEvent> events) {
        this.metainfo = metainfo;
        this.layout = layout;
        this.writer = writer;
        this.events = events;
        this.infoHash = metainfo.infoHash().hex();
        this.copies = new int[layout.pieceCount()];
        this.taken = new BitSet(layout.pieceCount());
        this.failures = new int[layout.pieceCount()];
    }

    /** The pieces some source is sending. */
    BitSet taken() {
        return taken;
    }

    /**
     * Asks {@code source} for piece {@code index}. A second copy (the endgame) is held until verified, so that it can
     * never overwrite the first one's verified bytes.
     */
    void start(Source source, int index, Duration stallTimeout) {
        boolean second = copies[index] > 0;
        PieceFetch fetch = new PieceFetch(codec, infoHash, index, failures[index] + 1, layout.pieceOffset(index),
                layout.pieceSize(index), metainfo.info().pieceHash(index),
                source.connection().settings().maxResponseHeaderBytes(), stallTimeout, writer,
                outcome -> events.accept(new SwarmEvent.Fetched(source, outcome)), source.label(), second);
        source.inFlight().put(index, fetch);
        copies[index]++;
        taken.set(index);
        source.connection().send(codec.encodeRequest(new PieceRequest(infoHash, index)), true, fetch);
    }

    /** A request of {@code source} for piece {@code index} has ended, however it ended. */
    void ended(Source source, int index) {
        source.inFlight().remove(index);
        if (--copies[index] == 0) {
            taken.clear(index);
        }
    }

    /** Counts a failed attempt at piece {@code index}; returns how many it has had. */
    int failed(int index) {
        return ++failures[index];
    }

    /**
     * Once every missing piece is in flight, a piece this source holds that one other source is sending, for a second
     * copy; -1 when there is none, or while some missing piece is not requested yet. The origin never sends a second
     * copy: its upload is the swarm's.
     */
    int endgame(Source source, BitSet missing) {
        if (source.origin()) {
            return -1;
        }
        for (int i = missing.nextSetBit(0); i >= 0; i = missing.nextSetBit(i + 1)) {
            if (!taken.get(i)) {
                return -1;
            }
        }
        for (int i = missing.nextSetBit(0); i >= 0; i = missing.nextSetBit(i + 1)) {
            if (copies[i] == 1 && source.held().get(i) && !source.inFlight().containsKey(i)) {
                return i;
            }
        }
        return -1;
    }
}
