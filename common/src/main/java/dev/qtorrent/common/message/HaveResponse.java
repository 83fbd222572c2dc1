package dev.qtorrent.common.message;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One line of a have subscription after its first: the node has just verified piece {@code index} (BEP 3 "have").
 *
 * @param infoHash the torrent, 40 lower-case hex characters
 * @param index    zero-based piece index
 */
public record HaveResponse(
        @JsonProperty(value = "info_hash", required = true) String infoHash,
        @JsonProperty(value = "index", required = true) int index) implements Response {
    public HaveResponse {
        Fields.infoHash(infoHash);
        Fields.nonNegative("index", index);
    }
}
