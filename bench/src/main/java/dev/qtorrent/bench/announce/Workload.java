package dev.qtorrent.bench.announce;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.MessageCodec;
import java.util.List;

/**
 * The announces both trackers get, in the same order: announce number k is for torrent {@code k % torrents} by peer
 * {@code (k / torrents) % peers}, so the first {@link #size()} announces put every peer into every swarm once, and
 * later ones refresh the same peers, keeping the swarms' sizes. Every peer is a leecher with a port of its own (our
 * tracker keys peers by peer id and address and lists none with port 0; opentracker keys them by address and port).
 *
 * @param infoHashes the torrents, 40 lower-case hex digits each
 * @param peers      peers per torrent
 * @param numwant    peers each announce asks for
 */
record Workload(List<String> infoHashes, int peers, int numwant) {
    static final String PEER_ID_PREFIX = "-BN0001-";
    static final int FIRST_PORT = 10_000;
    /** Bytes each peer still misses: any positive number makes it a leecher, which gets seeds and leechers. */
    static final long LEFT = 1000;

    Workload {
        infoHashes = List.copyOf(infoHashes);
        if (infoHashes.isEmpty() || peers < 1 || FIRST_PORT + peers > 65_536) {
            throw new IllegalArgumentException("need at least one torrent and 1 to " + (65_536 - FIRST_PORT)
                    + " peers per torrent");
        }
    }

    /** Announces that fill every swarm once. */
    int size() {
        return infoHashes.size() * peers;
    }

    String infoHash(long k) {
        return infoHashes.get((int) (k % infoHashes.size()));
    }

    int peer(long k) {
        return (int) (k / infoHashes.size() % peers);
    }

    static String peerId(int peer) {
        return PEER_ID_PREFIX + String.format("%012d", peer);
    }

    static int port(int peer) {
        return FIRST_PORT + peer;
    }

    /** Announce number k as our tracker reads it; announces from {@link #size()} on repeat the first ones. */
    AnnounceRequest request(long k) {
        return request(k, numwant);
    }

    /**
     * Announce number k asking for {@code wanted} peers: filling the swarms asks for none, which makes each answer
     * small and the filling quick.
     */
    AnnounceRequest request(long k, int wanted) {
        int peer = peer(k);
        return new AnnounceRequest(infoHash(k), peerId(peer), port(peer), 0, 0, LEFT, null, wanted);
    }

    /** Every distinct announce asking for {@code wanted} peers, encoded once, so the load generator only copies. */
    byte[][] encoded(int wanted) {
        MessageCodec codec = new MessageCodec();
        byte[][] all = new byte[size()][];
        for (int k = 0; k < all.length; k++) {
            all[k] = codec.encodeRequest(request(k, wanted));
        }
        return all;
    }
}
