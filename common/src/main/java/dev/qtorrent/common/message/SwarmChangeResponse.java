package dev.qtorrent.common.message;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.qtorrent.common.message.AnnounceResponse.Peer;

/**
 * One line of a watch after its first: a peer that serves the swarm joined it (it is handed out in peer lists from
 * now on) or left it (it said {@code stopped}, stopped serving, or expired).
 *
 * @param infoHash the torrent, 40 lower-case hex characters
 * @param change   {@code joined} or {@code left}
 * @param peer     the peer as announce answers list it, with the fingerprint it presented to the tracker
 * @param seed     whether the peer holds every piece
 */
public record SwarmChangeResponse(
        @JsonProperty(value = "info_hash", required = true) String infoHash,
        @JsonProperty(value = "change", required = true) Change change,
        @JsonProperty(value = "peer", required = true) Peer peer,
        @JsonProperty(value = "seed", required = true) boolean seed) implements Response {

    public enum Change {
        @JsonProperty("joined") JOINED,
        @JsonProperty("left") LEFT
    }

    public SwarmChangeResponse {
        Fields.infoHash(infoHash);
        if (change == null || peer == null) {
            throw new IllegalArgumentException("change and peer are required");
        }
    }
}
