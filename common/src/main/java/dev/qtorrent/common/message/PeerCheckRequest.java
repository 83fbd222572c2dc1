package dev.qtorrent.common.message;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Asks a tracker whether a certificate belongs to a torrent's swarm: what a node serving a private torrent (BEP 27)
 * sends about a peer it has not seen in its own peer lists. Answered by one {@link PeerCheckResponse} and FIN. Only a
 * node that is itself in the swarm may ask, so that outsiders cannot probe who is.
 *
 * @param infoHash   the torrent, 40 lower-case hex characters
 * @param certSha256 the SHA-256 fingerprint of the certificate asked about, 64 lower-case hex characters
 */
public record PeerCheckRequest(
        @JsonProperty(value = "info_hash", required = true) String infoHash,
        @JsonProperty(value = "cert_sha256", required = true) String certSha256) implements Request {
    public PeerCheckRequest {
        Fields.infoHash(infoHash);
        Fields.sha256("cert_sha256", certSha256);
    }
}
