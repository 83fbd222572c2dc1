package dev.qtorrent.peer.serve;

import io.netty.channel.Channel;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The torrents a node can serve, found by info hash (the tracker's is its seed folder). The server answers piece
 * and metainfo requests from it and needs nothing else of where the data lives.
 */
@FunctionalInterface
public interface PieceSource {

    /** The torrent with this info hash (40 lowercase hex digits), or empty when this node does not serve it. */
    Optional<? extends ServedTorrent> find(String infoHash);

    /**
     * The torrent with this info hash for a request that came on {@code stream}, once the source has decided whether
     * the asker may have it: a source that serves only some nodes reads the asker's certificate from the stream
     * ({@code PeerCertificate}) and refuses the others by throwing, or completing with, a {@code ProtocolException}.
     * The decision may take time (asking a tracker); the server waits for it without holding its event loop. By
     * default every asker is served at once.
     */
    default CompletionStage<Optional<? extends ServedTorrent>> admit(String infoHash, Channel stream) {
        return CompletableFuture.<Optional<? extends ServedTorrent>>completedFuture(find(infoHash));
    }

    /**
     * Whether the node at the other end of {@code connection} (a QUIC connection to this node) serves the swarm of
     * {@code infoHash} to the swarm's other peers: a piece this node is sending it is then not sent to another such
     * node at the same time, which gets it from the first ({@link OneCopyAtATime}). Called on the event loop, so it
     * must answer at once. By default no node does, and every piece request is answered with the piece.
     */
    default boolean servesSwarm(String infoHash, Channel connection) {
        return false;
    }
}
