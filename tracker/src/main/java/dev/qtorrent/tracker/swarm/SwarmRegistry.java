package dev.qtorrent.tracker.swarm;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.AnnounceResponse.Peer;
import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ProtocolException;
import dev.qtorrent.common.tls.Fingerprint;
import dev.qtorrent.tracker.seed.SeededTorrent;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who holds which torrent. Peers are kept per info hash and forgotten after they miss two announce intervals or say
 * {@code stopped}. The tracker itself seeds every torrent it tracks, so it heads every peer list.
 */
public final class SwarmRegistry {
    /** Most peers returned in one answer (BEP 3 trackers commonly return 50). */
    static final int MAX_PEERS_RETURNED = 50;

    private final Clock clock;
    private final Duration interval;
    private final Peer self;
    private final Map<String, Map<String, PeerEntry>> swarms = new HashMap<>();

    /**
     * @param interval how often peers should announce
     * @param self     the tracker's own entry: its peer id and the address written into torrents
     */
    public SwarmRegistry(Clock clock, Duration interval, Peer self) {
        if (interval.toSeconds() < 1) {
            throw new IllegalArgumentException("the announce interval must be at least one second");
        }
        this.clock = clock;
        this.interval = interval;
        this.self = self;
    }

    /**
     * Records an announce from {@code from} (null when unknown) and answers it.
     *
     * @param certificate the fingerprint of the certificate the peer presented in its TLS handshake
     * @throws ProtocolException {@code peer_id_in_use} when another certificate holds this peer id at this address
     */
    public synchronized AnnounceResponse announce(AnnounceRequest request, SeededTorrent torrent,
                                                  InetSocketAddress from, Fingerprint certificate) {
        Instant now = clock.instant();
        Map<String, PeerEntry> swarm = swarms.computeIfAbsent(torrent.infoHash().hex(),
                key -> new LinkedHashMap<>());
        expire(swarm, now);
        // Entries are keyed by peer id and address together, so nobody can replace or remove another host's entry
        // by reusing its peer id.
        String ip = from == null ? null : from.getAddress().getHostAddress();
        String key = request.peerId() + "@" + ip;
        PeerEntry held = swarm.get(key);
        if (held != null && !held.certificate().equals(certificate)) {
            // The entry belongs to the certificate that made it: no one else at the address can move or remove it.
            throw new ProtocolException(ErrorCode.PEER_ID_IN_USE, "peer_id " + request.peerId() + " is held at "
                    + ip + " by another certificate (sha256=" + held.certificate() + "); use another peer_id");
        }
        if (request.event() == AnnounceRequest.Event.STOPPED) {
            swarm.remove(key);
        } else if (from != null) {
            swarm.put(key, new PeerEntry(request.peerId(), ip, request.port(), request.left(), certificate, now));
        }
        List<Peer> peers = new ArrayList<>();
        peers.add(self);
        int seeds = 1;
        int leechers = 0;
        for (PeerEntry entry : swarm.values()) {
            if (entry.left() == 0) {
                seeds++;
            } else {
                leechers++;
            }
            // A peer that accepts no connections (port 0) is counted but not handed out.
            boolean asker = entry.peerId().equals(request.peerId()) && entry.ip().equals(ip);
            if (!asker && entry.port() > 0
                    && peers.size() < MAX_PEERS_RETURNED) {
                peers.add(new Peer(entry.peerId(), entry.ip(), entry.port(), entry.certificate().hex()));
            }
        }
        return new AnnounceResponse((int) interval.toSeconds(), peers, seeds, leechers);
    }

    private void expire(Map<String, PeerEntry> swarm, Instant now) {
        Instant oldest = now.minus(interval.multipliedBy(2));
        for (Iterator<PeerEntry> it = swarm.values().iterator(); it.hasNext(); ) {
            if (it.next().lastSeen().isBefore(oldest)) {
                it.remove();
            }
        }
    }

    private record PeerEntry(String peerId, String ip, int port, long left, Fingerprint certificate,
                             Instant lastSeen) {
    }
}
