package dev.qtorrent.common.message;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Header of a piece answer: exactly {@code length} raw bytes of the piece follow the header's newline, then FIN.
 *
 * @param infoHash the torrent, 40 lower-case hex characters
 * @param index    zero-based piece index
 * @param length   number of piece bytes that follow
 */
public record PieceResponse(
        @JsonProperty(value = "info_hash", required = true) String infoHash,
        @JsonProperty(value = "index", required = true) int index,
        @JsonProperty(value = "length", required = true) long length) implements Response {

    public PieceResponse {
        Fields.infoHash(infoHash);
        Fields.nonNegative("index", index);
        Fields.nonNegative("length", length);
    }
}
