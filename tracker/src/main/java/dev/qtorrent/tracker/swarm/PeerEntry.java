package dev.qtorrent.tracker.swarm;

import dev.qtorrent.common.tls.Fingerprint;
import java.time.Instant;

/**
 * One peer of a swarm as its latest announce described it. {@code slot} is the entry's place in the list of peers
 * that can be handed out, so that leaving that list costs no search.
 */
final class PeerEntry {
    final String peerId;
    final String ip;
    final int port;
    final long left;
    /** The fingerprint of the client certificate the peer announced with: who may change or remove the entry. */
    final Fingerprint certificate;
    final Instant lastSeen;
    /** Index in {@link Swarm}'s seed or leecher list, or -1 while not listed (port 0). */
    int slot = -1;

    PeerEntry(String peerId, String ip, int port, long left, Fingerprint certificate, Instant lastSeen) {
        this.peerId = peerId;
        this.ip = ip;
        this.port = port;
        this.left = left;
        this.certificate = certificate;
        this.lastSeen = lastSeen;
    }

    boolean seed() {
        return left == 0;
    }

    /** A peer that accepts no connections (port 0) is counted but never handed out. */
    boolean listable() {
        return port > 0;
    }
}
