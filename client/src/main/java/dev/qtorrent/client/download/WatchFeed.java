package dev.qtorrent.client.download;

import dev.qtorrent.common.message.ErrorResponse;
import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.Response;
import dev.qtorrent.common.message.SwarmChangeResponse;
import dev.qtorrent.common.message.WatchResponse;
import java.util.function.Consumer;

/**
 * Reads the tracker's watch of the swarm (docs/PROTOCOL.md §5.13): its first line, then a line for each peer that
 * joins or leaves, each joined peer passed on as a {@link SwarmEvent.Joined}, so the download dials it at once
 * instead of at its next announce. Peers that leave need nothing: their connections end by themselves.
 */
final class WatchFeed extends LineFeed {
    private final String infoHash;
    private final Consumer<SwarmEvent> events;
    private boolean first = true;

    WatchFeed(MessageCodec codec, String infoHash, int maxLineBytes, String tracker, Consumer<SwarmEvent> events) {
        super(codec, maxLineBytes, tracker, "watch");
        this.infoHash = infoHash;
        this.events = events;
    }

    @Override
    protected String accept(Response response) {
        if (response instanceof ErrorResponse error) {
            return "the tracker refused the watch: " + error.error() + " (" + error.code() + ")";
        } else if (first && response instanceof WatchResponse watch && watch.infoHash().equals(infoHash)) {
            first = false;
        } else if (!first && response instanceof SwarmChangeResponse change && change.infoHash().equals(infoHash)) {
            if (change.change() == SwarmChangeResponse.Change.JOINED) {
                events.accept(new SwarmEvent.Joined(change.peer()));
            }
        } else {
            return "the watch sent " + response + ", which does not fit this torrent";
        }
        return null;
    }

    @Override
    protected String finished() {
        return "the tracker ended the watch";
    }

    @Override
    protected void ended(String reason) {
        events.accept(new SwarmEvent.WatchEnded(reason));
    }
}
