package dev.qtorrent.client.download;

import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.storage.PieceStore;
import java.util.BitSet;

/**
 * What a download offers other peers while it runs: the client's node serves the pieces that are verified and on
 * disk, and the announces carry where that node listens and how much it sent. Called from the downloading thread,
 * except {@link #stored}, which the disk thread calls.
 */
public interface Sharing {
    /** The UDP port on which the client accepts peers, announced to the tracker; 0 when it accepts none. */
    int port();

    /** Piece bytes sent to peers so far, announced as {@code uploaded}. */
    long uploaded();

    /** The tracker answered an announce; its peer list names who may be served a private torrent. */
    void announced(AnnounceResponse answer);

    /** The part file is open for reading at any time, and holds {@code have} verified pieces. */
    void opened(PieceStore store, BitSet have);

    /** Piece {@code index} is verified and on disk. */
    void stored(int index);

    /** The part file is about to close: nothing more may be read from it. */
    void closing();

    /** The download received {@code bytes} of verified pieces in all, for the announces of a seed that follows it. */
    default void downloaded(long bytes) {
    }

    /** Shares nothing and announces port 0. */
    Sharing NONE = new Sharing() {
        @Override
        public int port() {
            return 0;
        }

        @Override
        public long uploaded() {
            return 0;
        }

        @Override
        public void announced(AnnounceResponse answer) {
        }

        @Override
        public void opened(PieceStore store, BitSet have) {
        }

        @Override
        public void stored(int index) {
        }

        @Override
        public void closing() {
        }
    };
}
