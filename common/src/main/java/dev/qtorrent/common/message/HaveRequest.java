package dev.qtorrent.common.message;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Subscribes to a torrent's newly verified pieces: the node answers with a {@link BitfieldResponse} line, then one
 * {@link HaveResponse} line for each piece it verifies afterwards, on the same stream, until it holds every piece.
 *
 * @param infoHash the torrent, 40 lower-case hex characters
 */
public record HaveRequest(@JsonProperty(value = "info_hash", required = true) String infoHash) implements Request {
    public HaveRequest {
        Fields.infoHash(infoHash);
    }
}
