package dev.qtorrent.common.message;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Header of a metainfo answer: exactly {@code length} bytes follow the header's newline, the bencoded info dictionary
 * as it appears in the torrent, so its SHA-1 is the info hash.
 *
 * @param infoHash the torrent, 40 lower-case hex characters
 * @param length   number of bytes that follow
 */
public record MetainfoResponse(
        @JsonProperty(value = "info_hash", required = true) String infoHash,
        @JsonProperty(value = "length", required = true) long length) implements Response {
    public MetainfoResponse {
        Fields.infoHash(infoHash);
        Fields.nonNegative("length", length);
    }
}
