package dev.qtorrent.peer.serve;

import java.util.Optional;

/**
 * The torrents a node can serve, found by info hash (the tracker's is its seed folder). The server answers piece
 * and metainfo requests from it and needs nothing else of where the data lives.
 */
@FunctionalInterface
public interface PieceSource {

    /** The torrent with this info hash (40 lowercase hex digits), or empty when this node does not serve it. */
    Optional<? extends ServedTorrent> find(String infoHash);
}
