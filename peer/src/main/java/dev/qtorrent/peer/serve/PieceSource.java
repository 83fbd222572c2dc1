package dev.qtorrent.peer.serve;

import io.netty.channel.Channel;
import java.util.Optional;

/**
 * The torrents a node can serve, found by info hash (the tracker's is its seed folder). The server answers piece
 * and metainfo requests from it and needs nothing else of where the data lives.
 */
@FunctionalInterface
public interface PieceSource {

    /** The torrent with this info hash (40 lowercase hex digits), or empty when this node does not serve it. */
    Optional<? extends ServedTorrent> find(String infoHash);

    /**
     * The torrent with this info hash for a request that came on {@code stream}: a source that serves only some
     * nodes reads the asker's certificate from the stream ({@code PeerCertificate}) and refuses the others by throwing
     * a {@code ProtocolException}. By default every asker is served.
     */
    default Optional<? extends ServedTorrent> find(String infoHash, Channel stream) {
        return find(infoHash);
    }
}
