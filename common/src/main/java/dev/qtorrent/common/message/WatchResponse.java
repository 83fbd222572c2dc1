package dev.qtorrent.common.message;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The first line of a watch: the tracker took the subscription, and every change from now on follows on the stream.
 *
 * @param infoHash the torrent, 40 lower-case hex characters
 */
public record WatchResponse(@JsonProperty(value = "info_hash", required = true) String infoHash)
        implements Response {
    public WatchResponse {
        Fields.infoHash(infoHash);
    }
}
