package dev.qtorrent.tracker.swarm;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.AnnounceResponse.Peer;
import dev.qtorrent.common.tls.Fingerprint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * Swarms held in memory as a copy of a shared store's (Redis), so that an instance can answer the most common
 * announce, a peer announcing again with nothing changed but its time, from memory, as the in-memory store does. The
 * shared store says what to hold (entries put and dropped) and decides when an entry expires: entries here have no
 * time and leave only when the store drops them. Which swarms are copied in full, and since when, is the owner's to
 * track.
 */
public final class SwarmCopy {
    private final SwarmRegistry swarms;

    /** As the in-memory store: {@code self} heads the answers of a torrent the tracker seeds. */
    public SwarmCopy(Clock clock, Duration interval, Peer self) {
        this.swarms = new SwarmRegistry(clock, interval, self, new SplittableRandom(), false);
    }

    /**
     * The answer to an announce that only moves the asker's time, with the asker's time moved here; null, with
     * nothing changed, when the copy does not hold the asker's entry as announced (any other announce).
     */
    public AnnounceResponse refresh(AnnounceRequest request, boolean origin, InetSocketAddress from,
                                    Fingerprint certificate) {
        return swarms.refreshNow(request, origin, from, certificate);
    }

    /** Holds an entry as the store has it, in place of the entry of the same peer id and address. */
    public void put(String infoHash, String peerId, InetAddress address, int port, boolean seed,
                    Fingerprint certificate) {
        PeerEntry entry = PeerEntry.of(peerId, address, port, seed, certificate, 0);
        swarms.edit(infoHash, swarm -> swarm.put(entry));
    }

    /** Drops the entry of a peer id at an address. */
    public void drop(String infoHash, String peerId, InetAddress address) {
        PeerEntry probe = PeerEntry.probe(peerId, address);
        swarms.edit(infoHash, swarm -> swarm.remove(probe));
    }

    /** Whether any entry of {@code infoHash}'s swarm is held. */
    public boolean holds(String infoHash) {
        return swarms.holds(infoHash);
    }

    /** Forgets one swarm. */
    public void forget(String infoHash) {
        swarms.forget(infoHash);
    }

    /** Forgets every swarm. */
    public void clear() {
        swarms.forget(null);
    }
}
