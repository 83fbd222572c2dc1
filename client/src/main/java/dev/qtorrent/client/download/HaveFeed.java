package dev.qtorrent.client.download;

import dev.qtorrent.common.message.BitfieldResponse;
import dev.qtorrent.common.message.ErrorResponse;
import dev.qtorrent.common.message.HaveResponse;
import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.Response;
import java.util.function.Consumer;

/**
 * Reads a peer's have subscription (docs/PROTOCOL.md §5.9): its bitfield, then one line per piece it verifies, each
 * passed on as a {@link SwarmEvent}. Anything else on the stream, or a line that does not fit the torrent, ends the
 * feed, and the download stops using the peer.
 */
final class HaveFeed extends LineFeed {
    private final Source source;
    private final String infoHash;
    private final int pieceCount;
    private final Consumer<SwarmEvent> events;
    private boolean first = true;

    HaveFeed(MessageCodec codec, Source source, String infoHash, int pieceCount, int maxLineBytes,
             Consumer<SwarmEvent> events) {
        super(codec, maxLineBytes, source.label(), "have subscription");
        this.source = source;
        this.infoHash = infoHash;
        this.pieceCount = pieceCount;
        this.events = events;
    }

    @Override
    protected String accept(Response response) {
        if (response instanceof ErrorResponse error) {
            return "it refused the have subscription: " + error.error() + " (" + error.code() + ")";
        } else if (first && response instanceof BitfieldResponse bitfield && bitfield.infoHash().equals(infoHash)
                && bitfield.pieces() == pieceCount) {
            first = false;
            events.accept(new SwarmEvent.Holds(source, bitfield.held()));
        } else if (!first && response instanceof HaveResponse have && have.infoHash().equals(infoHash)
                && have.index() < pieceCount) {
            events.accept(new SwarmEvent.Has(source, have.index()));
        } else {
            return "its have subscription sent " + response + ", which does not fit this torrent";
        }
        return null;
    }

    /** FIN after the line that completed the torrent: the peer is a seed and nothing more will come. */
    @Override
    protected String finished() {
        return first ? "its have subscription ended before the bitfield" : null;
    }

    @Override
    protected void ended(String reason) {
        events.accept(new SwarmEvent.FeedEnded(source, reason));
    }
}
