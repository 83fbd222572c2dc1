package dev.qtorrent.common.message;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Asks for one whole piece of a torrent.
 *
 * @param infoHash the torrent, 40 lower-case hex characters
 * @param index    zero-based piece index
 */
public record PieceRequest(
        @JsonProperty(value = "info_hash", required = true) String infoHash,
        @JsonProperty(value = "index", required = true) int index) implements Request {

    public PieceRequest {
        Fields.infoHash(infoHash);
        Fields.nonNegative("index", index);
    }
}
