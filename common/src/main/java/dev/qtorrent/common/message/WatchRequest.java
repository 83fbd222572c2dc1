package dev.qtorrent.common.message;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Subscribes to a swarm's changes: the tracker answers with a {@link WatchResponse} line, then one
 * {@link SwarmChangeResponse} line each time a peer that serves the swarm joins or leaves it, on the same stream, for
 * as long as the stream stays open.
 *
 * @param infoHash the torrent, 40 lower-case hex characters
 */
public record WatchRequest(@JsonProperty(value = "info_hash", required = true) String infoHash) implements Request {
    public WatchRequest {
        Fields.infoHash(infoHash);
    }
}
