package dev.qtorrent.client.download;

import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.quic.NodeConnection;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * A node the download fetches pieces from: the origin (the tracker, when it seeds the torrent) or a peer from the
 * tracker's lists. It knows what the node holds, what is in flight on it, how fast it has been sending, and how many
 * bad pieces it sent. Owned by the download loop's thread.
 */
final class Source {
    /** A source that sends this many pieces failing SHA-1 is banned for the torrent. */
    static final int BAN_AFTER = 2;
    /** Pieces in flight on a new source, before its rate is known. */
    static final int FIRST_PIPELINE = 4;
    /** How much of a source's sending the pipeline covers: enough to keep it busy across a round trip and a queue. */
    private static final long PIPELINE_NANOS = 400_000_000L;
    /** How far back the rate looks. */
    private static final long RATE_WINDOW_NANOS = 2_000_000_000L;

    private final NodeConnection connection;
    private final AnnounceResponse.Peer peer;
    private final String label;
    private final boolean origin;
    private final BitSet held = new BitSet();
    private final Map<Integer, PieceFetch> inFlight = new HashMap<>();
    /** Verified piece bytes with the time they completed, over the rate window. */
    private final Deque<long[]> recent = new ArrayDeque<>();
    /** Pieces this source asked us to ask for later ({@code busy} of one piece), with when that may be. */
    private final Map<Integer, Long> deferred = new HashMap<>();
    /** What the source holds less what it deferred, rebuilt for each pick while anything is deferred. */
    private final BitSet offered = new BitSet();
    private final long since = System.nanoTime();
    private long lastUseful = since;
    private long recentBytes;
    private long received;
    private int corrupt;
    private long busyUntil;
    private boolean heard;

    private Source(NodeConnection connection, AnnounceResponse.Peer peer, String label, boolean origin) {
        this.connection = connection;
        this.peer = peer;
        this.label = label;
        this.origin = origin;
    }

    /** The tracker as a source: it holds every piece. */
    static Source origin(NodeConnection connection, int pieceCount) {
        Source source = new Source(connection, null, "the tracker " + connection.address(), true);
        source.held.set(0, pieceCount);
        return source;
    }

    static Source peer(NodeConnection connection, AnnounceResponse.Peer peer) {
        return new Source(connection, peer, describe(peer), false);
    }

    /** How a peer is named in messages and the log. */
    static String describe(AnnounceResponse.Peer peer) {
        return "peer " + peer.peerId() + " at " + PeerDialer.address(peer);
    }

    NodeConnection connection() {
        return connection;
    }

    /** The tracker's list entry of a peer; null for the origin. */
    AnnounceResponse.Peer peer() {
        return peer;
    }

    String label() {
        return label;
    }

    boolean origin() {
        return origin;
    }

    BitSet held() {
        return held;
    }

    /** Whether the source has said what it holds: the origin always has; a peer once its bitfield arrived. */
    boolean heard() {
        return origin || heard;
    }

    void heard(boolean heard) {
        this.heard = heard;
    }

    Map<Integer, PieceFetch> inFlight() {
        return inFlight;
    }

    /** Piece bytes verified from this source. */
    long received() {
        return received;
    }

    /** Records a verified piece of {@code bytes} from this source. */
    void verified(long bytes, long now) {
        received += bytes;
        lastUseful = now;
        recent.addLast(new long[] {now, bytes});
        recentBytes += bytes;
        while (!recent.isEmpty() && now - recent.peekFirst()[0] > RATE_WINDOW_NANOS) {
            recentBytes -= recent.pollFirst()[1];
        }
    }

    /** When this source last sent a verified piece, or connected. */
    long lastUseful() {
        return lastUseful;
    }

    /** Counts a bad piece; true when the source has sent enough of them to be banned. */
    boolean corrupt() {
        return ++corrupt >= BAN_AFTER;
    }

    void busyFor(long nanos, long now) {
        busyUntil = now + nanos;
    }

    boolean busy(long now) {
        return busyUntil - now > 0;
    }

    /** The source refused piece {@code index} alone for now: not to be asked for it again for {@code nanos}. */
    void deferFor(int index, long nanos, long now) {
        deferred.put(index, now + nanos);
    }

    /** The pieces this source may be asked for now: what it holds, less what it deferred. */
    BitSet offers(long now) {
        if (deferred.isEmpty()) {
            return held;
        }
        deferred.values().removeIf(until -> until - now <= 0);
        offered.clear();
        offered.or(held);
        deferred.keySet().forEach(offered::clear);
        return offered;
    }

    /**
     * How many pieces to keep in flight here: what the source sends in {@link #PIPELINE_NANOS} at its measured rate,
     * plus one, so that it never waits for the next request; at least 2, at most {@code max}. The origin gets at
     * least {@link #FIRST_PIPELINE}: its upload is what the whole swarm waits on, and pieces queued there cost nothing
     * since no other downloader asks it for the same ones ({@link PiecePicker#stripe}).
     */
    int pipeline(long pieceLength, int max, long now) {
        long window = Math.max(now - Math.max(since, recent.isEmpty() ? now : recent.peekFirst()[0]),
                RATE_WINDOW_NANOS / 4);
        if (recent.size() < 2) {
            return Math.min(max, FIRST_PIPELINE);
        }
        double rate = recentBytes * 1e9 / window;
        long wanted = (long) Math.ceil(rate * PIPELINE_NANOS / 1e9 / pieceLength) + 1;
        return (int) Math.max(origin ? Math.min(max, FIRST_PIPELINE) : 2, Math.min(max, wanted));
    }

    boolean active() {
        return connection.isActive();
    }
}
