package dev.qtorrent.common.message;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A tracker's answer to a {@link PeerCheckRequest}, repeating what was asked so that an answer cannot be taken for
 * another question.
 *
 * @param infoHash   the torrent, 40 lower-case hex characters
 * @param certSha256 the fingerprint asked about, 64 lower-case hex characters
 * @param listed     whether a peer that announced with that certificate is in the swarm now
 */
public record PeerCheckResponse(
        @JsonProperty(value = "info_hash", required = true) String infoHash,
        @JsonProperty(value = "cert_sha256", required = true) String certSha256,
        @JsonProperty(value = "listed", required = true) boolean listed) implements Response {
    public PeerCheckResponse {
        Fields.infoHash(infoHash);
        Fields.sha256("cert_sha256", certSha256);
    }

    /** Whether this answers {@code request}. */
    public boolean answers(PeerCheckRequest request) {
        return infoHash.equals(request.infoHash()) && certSha256.equals(request.certSha256());
    }
}
