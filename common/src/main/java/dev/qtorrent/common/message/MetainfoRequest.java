package dev.qtorrent.common.message;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Asks for a torrent's info dictionary, so that a client holding only a magnet link can download it (the tracker's
 * counterpart of BEP 9's metadata exchange).
 *
 * @param infoHash the torrent, 40 lower-case hex characters
 */
public record MetainfoRequest(@JsonProperty(value = "info_hash", required = true) String infoHash) implements Request {
    public MetainfoRequest {
        Fields.infoHash(infoHash);
    }
}
