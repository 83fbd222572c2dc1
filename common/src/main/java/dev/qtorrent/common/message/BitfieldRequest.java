package dev.qtorrent.common.message;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Asks which pieces of a torrent a node holds now; answered by one {@link BitfieldResponse} and FIN.
 *
 * @param infoHash the torrent, 40 lower-case hex characters
 */
public record BitfieldRequest(@JsonProperty(value = "info_hash", required = true) String infoHash) implements Request {
    public BitfieldRequest {
        Fields.infoHash(infoHash);
    }
}
