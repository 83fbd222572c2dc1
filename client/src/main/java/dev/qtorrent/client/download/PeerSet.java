package dev.qtorrent.client.download;

import dev.qtorrent.common.message.AnnounceResponse;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peers of one download: which listed peers are connected, being dialled, banned or recently unusable, keyed by
 * the certificate fingerprint the tracker listed (a peer is its certificate, whatever address it announces from).
 * Owned by the download loop's thread; connections are closed on a thread of their own, since a close waits for the
 * other node.
 */
final class PeerSet implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PeerSet.class);
    /** A peer that could not be used is tried again, if still listed, after this long. */
    private static final long RETRY_NANOS = 30_000_000_000L;
    /** A connected peer with nothing to offer for this long gives its place to a newly listed one. */
    private static final long USELESS_NANOS = 60_000_000_000L;

    private enum State { DIALING, CONNECTED, UNUSABLE, BANNED }

    private record Entry(State state, long since) {
    }

    private final int maxPeers;
    private final String ownPeerId;
    private final String ownCertificate;
    private final PeerDialer dialer;
    private final PiecePicker picker;
    private final Map<String, Entry> known = new HashMap<>();
    private final List<Source> connected = new ArrayList<>();
    /** Peer ids of the downloaders this one knows of, itself included, for the origin's stripes. */
    private final TreeSet<String> swarm = new TreeSet<>();
    private final ExecutorService closer = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "peer-closer");
        thread.setDaemon(true);
        return thread;
    });
    private int dialing;

    /**
     * @param ownCertificate the fingerprint of the client's own certificate, so that it never dials itself; null when
     *                       it has none
     */
    PeerSet(int maxPeers, String ownPeerId, String ownCertificate, PeerDialer dialer, PiecePicker picker) {
        this.maxPeers = maxPeers;
        this.ownPeerId = ownPeerId;
        this.ownCertificate = ownCertificate;
        this.dialer = dialer;
        this.picker = picker;
        swarm.add(ownPeerId);
    }

    List<Source> connected() {
        return connected;
    }

    /** Connections open or being opened. */
    int size() {
        return connected.size() + dialing;
    }

    /** Peers that may soon say they hold pieces: handshakes in progress, and connected peers yet to send a bitfield. */
    int pending() {
        int pending = dialing;
        for (Source source : connected) {
            pending += source.heard() ? 0 : 1;
        }
        return pending;
    }

    boolean wantsMore() {
        return size() < maxPeers;
    }

    /** Dials the listed peers that are new, or unusable long enough ago, up to the limit; returns how many. */
    int offer(List<AnnounceResponse.Peer> peers, long now) {
        int dialled = 0;
        for (AnnounceResponse.Peer peer : peers) {
            if (peer.peerId().equals(ownPeerId) || peer.certSha256().equals(ownCertificate)) {
                continue;
            }
            swarm.add(peer.peerId());
            Entry entry = known.get(peer.certSha256());
            boolean retry = entry != null && entry.state == State.UNUSABLE && now - entry.since > RETRY_NANOS;
            if ((entry == null || retry) && !wantsMore()) {
                makeRoom(now);
            }
            if ((entry == null || retry) && wantsMore()) {
                known.put(peer.certSha256(), new Entry(State.DIALING, now));
                dialing++;
                dialer.dial(peer);
                dialled++;
            }
        }
        int[] seeds = new int[swarm.size()];
        int place = 0;
        for (String member : swarm) {
            seeds[place++] = member.hashCode();
        }
        picker.stripe(swarm.headSet(ownPeerId).size(), seeds);
        return dialled;
    }

    /**
     * At the limit, with a new peer listed: drops a peer that has had nothing this download needs for a while, so that
     * a peer that may have something takes its place.
     */
    private void makeRoom(long now) {
        for (Source source : connected) {
            if (source.inFlight().isEmpty() && !source.held().intersects(picker.missing())
                    && now - source.lastUseful() > USELESS_NANOS) {
                drop(source, "it has had nothing this download needs for " + USELESS_NANOS / 1_000_000_000L + " s",
                        now);
                return;
            }
        }
    }

    /** A dial succeeded: true if the source is to be used, false if it was closed (banned meanwhile). */
    boolean connected(Source source, long now) {
        String key = source.peer().certSha256();
        dialing = Math.max(0, dialing - 1);
        Entry entry = known.get(key);
        if (entry != null && entry.state == State.BANNED) {
            close(source);
            return false;
        }
        known.put(key, new Entry(State.CONNECTED, now));
        connected.add(source);
        log.info("connected to {}", source.label());
        return true;
    }

    void unusable(AnnounceResponse.Peer peer, String reason, long now) {
        dialing = Math.max(0, dialing - 1);
        known.put(peer.certSha256(), new Entry(State.UNUSABLE, now));
        log.info("cannot use {}: {}", Source.describe(peer), reason);
    }

    /** Stops using a connected peer; it may be dialled again later if still listed. */
    void drop(Source source, String reason, long now) {
        if (connected.remove(source)) {
            picker.held(source.held(), -1);
            known.put(source.peer().certSha256(), new Entry(State.UNUSABLE, now));
            log.info("cannot use {}: {}", source.label(), reason);
            close(source);
        }
    }

    /** Stops using a peer for good: it sent too many pieces failing SHA-1. */
    void ban(Source source, long now) {
        if (connected.remove(source)) {
            picker.held(source.held(), -1);
            close(source);
        }
        known.put(source.peer().certSha256(), new Entry(State.BANNED, now));
        log.warn("banned {}: {} pieces failed SHA-1", source.label(), Source.BAN_AFTER);
    }

    /** A peer's bitfield: what it holds replaces what it held. */
    void holds(Source source, BitSet pieces) {
        if (connected.contains(source)) {
            source.heard(true);
            picker.held(source.held(), -1);
            source.held().clear();
            source.held().or(pieces);
            picker.held(pieces, 1);
        }
    }

    /** A peer has verified piece {@code index}. */
    void has(Source source, int index) {
        if (connected.contains(source) && !source.held().get(index)) {
            source.held().set(index);
            picker.have(index);
        }
    }

    /** A peer answered that it does not hold piece {@code index} after all (it restarted, for example). */
    void lacks(Source source, int index) {
        if (connected.contains(source) && source.held().get(index)) {
            source.held().clear(index);
            picker.lacks(index);
        }
    }

    /** Drops the peers whose connections closed without a word on any stream. */
    void dropClosed(long now) {
        for (int i = connected.size() - 1; i >= 0; i--) {
            Source peer = connected.get(i);
            if (!peer.active()) {
                drop(peer, "the connection closed", now);
            }
        }
    }

    /** Whether some peer holds or is sending one of the {@code missing} pieces, or one is being dialled. */
    boolean mayServe(BitSet missing) {
        boolean may = dialing > 0;
        for (Source source : connected) {
            may |= source.held().intersects(missing) || !source.inFlight().isEmpty();
        }
        return may;
    }

    boolean isConnected(Source source) {
        return connected.contains(source);
    }

    private void close(Source source) {
        source.inFlight().values().forEach(PieceFetch::cancel);
        closer.execute(() -> source.connection().close());
    }

    /** Closes every connection, waiting briefly for the closes to go out. */
    @Override
    public void close() {
        dialer.close();
        for (Source source : connected) {
            closer.execute(() -> source.connection().close());
        }
        connected.clear();
        closer.shutdown();
        try {
            closer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
