package dev.qtorrent.tracker.swarm;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.AnnounceResponse.Peer;
import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ProtocolException;
import dev.qtorrent.common.tls.Fingerprint;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Who holds which torrent. Peers are kept per info hash and forgotten after they miss two announce intervals or say
 * {@code stopped}. An answer lists up to {@code numwant} peers picked at random from the swarm; the tracker's own
 * entry heads it when the tracker holds the torrent's data (the origin) and the asker is not a seed. A seed is sent
 * leechers only: neither other seeds nor the origin have anything it lacks.
 */
public final class SwarmRegistry {
    private final Clock clock;
    private final Duration interval;
    private final Peer self;
    private final RandomGenerator random;
    private final SwarmChanges changes = new SwarmChanges();
    private final Map<String, Swarm> swarms = new HashMap<>();
    /** Completed events per info hash: kept when the swarm empties, as a torrent's download count. */
    private final Map<String, Long> downloads = new HashMap<>();

    /**
     * @param interval how often peers should announce
     * @param self     the tracker's own entry: its peer id and the address written into torrents
     */
    public SwarmRegistry(Clock clock, Duration interval, Peer self) {
        this(clock, interval, self, new SplittableRandom());
    }

    /** As above, picking peers with {@code random} (called under the registry's lock only). */
    public SwarmRegistry(Clock clock, Duration interval, Peer self, RandomGenerator random) {
        if (interval.toSeconds() < 1) {
            throw new IllegalArgumentException("the announce interval must be at least one second");
        }
        this.clock = clock;
        this.interval = interval;
        this.self = self;
        this.random = random;
    }

    /**
     * Records an announce from {@code from} (null when unknown) and answers it.
     *
     * @param origin      whether the tracker holds the torrent's data and serves its pieces: it is then a seed of the
     *                    swarm, counted in {@code complete} and listed first to every peer that is not a seed
     * @param certificate the fingerprint of the certificate the peer presented in its TLS handshake
     * @throws ProtocolException {@code peer_id_in_use} when another certificate holds this peer id at this address
     */
    public synchronized AnnounceResponse announce(AnnounceRequest request, boolean origin, InetSocketAddress from,
                                                  Fingerprint certificate) {
        Instant now = clock.instant();
        Swarm swarm = swarms.computeIfAbsent(request.infoHash(), key -> new Swarm());
        expire(request.infoHash(), swarm, now);
        // Entries are keyed by peer id and address together, so nobody can replace or remove another host's entry
        // by reusing its peer id.
        String ip = from == null ? null : from.getAddress().getHostAddress();
        String key = request.peerId() + "@" + ip;
        PeerEntry held = swarm.get(key);
        if (held != null && !held.certificate.equals(certificate)) {
            // The entry belongs to the certificate that made it: no one else at the address can move or remove it.
            throw new ProtocolException(ErrorCode.PEER_ID_IN_USE, "peer_id " + request.peerId() + " is held at "
                    + ip + " by another certificate (sha256=" + held.certificate + "); use another peer_id");
        }
        if (request.event() == AnnounceRequest.Event.COMPLETED && from != null) {
            downloads.merge(request.infoHash(), 1L, Long::sum);
        }
        if (request.event() == AnnounceRequest.Event.STOPPED) {
            swarm.remove(key);
        } else if (from != null) {
            swarm.put(key, new PeerEntry(request.peerId(), ip, request.port(), request.left(), certificate, now));
        }
        if (changes.watched(request.infoHash())) {
            published(request.infoHash(), held, swarm.get(key));
        }
        boolean seed = request.left() == 0;
        int want = request.numwant();
        List<Peer> peers = new ArrayList<>(Math.min(want, AnnounceRequest.DEFAULT_NUMWANT));
        if (origin && !seed && want > 0) {
            peers.add(self);
        }
        swarm.pick(key, seed, want - peers.size(), random, peers);
        AnnounceResponse answer = new AnnounceResponse((int) interval.toSeconds(), peers,
                swarm.seeds() + (origin ? 1 : 0), swarm.leechers());
        if (swarm.isEmpty()) {
            swarms.remove(request.infoHash());
        }
        return answer;
    }

    /**
     * Whether a peer that announced with {@code certificate} is in the swarm of {@code infoHash} now: any entry that
     * has not expired or left, including one announced with port 0, which is never handed out but may download.
     */
    public synchronized boolean listed(String infoHash, Fingerprint certificate) {
        Swarm swarm = live(infoHash);
        return swarm != null && swarm.holds(certificate);
    }

    /**
     * Whether a peer that announced with {@code certificate} serves the swarm of {@code infoHash} now: an entry that
     * has not expired or left and is handed out in peer lists (announced with a port).
     */
    public synchronized boolean serving(String infoHash, Fingerprint certificate) {
        Swarm swarm = live(infoHash);
        return swarm != null && swarm.serves(certificate);
    }

    /** The seeds, leechers and completed downloads of {@code infoHash}'s swarm; zeros for one never announced. */
    public synchronized SwarmCounts counts(String infoHash) {
        Swarm swarm = live(infoHash);
        long downloaded = downloads.getOrDefault(infoHash, 0L);
        return swarm == null ? new SwarmCounts(0, 0, downloaded)
                : new SwarmCounts(swarm.seeds(), swarm.leechers(), downloaded);
    }

    /** The sizes of all swarms together. */
    public synchronized SwarmTotals totals() {
        Instant now = clock.instant();
        long seeds = 0;
        long leechers = 0;
        for (Iterator<Map.Entry<String, Swarm>> it = swarms.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Swarm> entry = it.next();
            Swarm swarm = entry.getValue();
            expire(entry.getKey(), swarm, now);
            if (swarm.isEmpty()) {
                it.remove();
            } else {
                seeds += swarm.seeds();
                leechers += swarm.leechers();
            }
        }
        return new SwarmTotals(swarms.size(), seeds, leechers);
    }

    /** The changes of every swarm, for watches. */
    public SwarmChanges changes() {
        return changes;
    }

    /** Tells watchers how an announce changed the peers that serve the swarm: one entry, before and after. */
    private void published(String infoHash, PeerEntry before, PeerEntry after) {
        boolean served = before != null && before.listable();
        boolean serves = after != null && after.listable();
        if (served && (!serves || before.port != after.port)) {
            changes.left(infoHash, before);
        }
        if (serves && (!served || before.port != after.port)) {
            changes.joined(infoHash, after);
        }
    }

    private void expire(String infoHash, Swarm swarm, Instant now) {
        swarm.expire(now.minus(interval.multipliedBy(2)), entry -> {
            if (entry.listable()) {
                changes.left(infoHash, entry);
            }
        });
    }

    /** The swarm of {@code infoHash} with its expired entries dropped, or null when none is left. */
    private Swarm live(String infoHash) {
        Swarm swarm = swarms.get(infoHash);
        if (swarm == null) {
            return null;
        }
        expire(infoHash, swarm, clock.instant());
        if (swarm.isEmpty()) {
            swarms.remove(infoHash);
            return null;
        }
        return swarm;
    }
}
