package dev.qtorrent.common.message;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The tracker's answer to an announce (BEP 3 names).
 *
 * @param interval   seconds the peer should wait before its next regular announce
 * @param peers      at most {@code numwant} peers of the swarm, picked at random; the tracker itself first when it
 *                   seeds the torrent and the asker is not a seed (a seed is sent leechers only)
 * @param complete   number of seeds, the tracker included when it seeds the torrent
 * @param incomplete number of peers still downloading
 */
public record AnnounceResponse(
        @JsonProperty(value = "interval", required = true) int interval,
        @JsonProperty(value = "peers", required = true) List<Peer> peers,
        @JsonProperty(value = "complete", required = true) int complete,
        @JsonProperty(value = "incomplete", required = true) int incomplete) implements Response {

    /**
     * One entry of the peer list: where a peer accepts QUIC connections, and the certificate it must present there.
     *
     * @param certSha256 SHA-256 of the DER certificate the peer presented to the tracker in its TLS handshake (the
     *                   tracker's own for its entry), 64 lower-case hex characters: what a connecting node pins
     */
    public record Peer(
            @JsonProperty(value = "peer_id", required = true) String peerId,
            @JsonProperty(value = "ip", required = true) String ip,
            @JsonProperty(value = "port", required = true) int port,
            @JsonProperty(value = "cert_sha256", required = true) String certSha256) {
        public Peer {
            if (peerId == null || ip == null || ip.isEmpty()) {
                throw new IllegalArgumentException("peer_id and ip are required");
            }
            Fields.port("port", port);
            Fields.sha256("cert_sha256", certSha256);
        }
    }

    public AnnounceResponse {
        if (interval <= 0) {
            throw new IllegalArgumentException("interval must be positive");
        }
        // A JsonPeerList is immutable already, and copying it would make a Peer of every entry.
        peers = peers instanceof JsonPeerList ? peers : List.copyOf(peers);
        Fields.nonNegative("complete", complete);
        Fields.nonNegative("incomplete", incomplete);
    }
}
