package dev.qtorrent.peer.serve;

import dev.qtorrent.common.message.ProtocolException;
import dev.qtorrent.common.quic.PeerCertificate;
import dev.qtorrent.common.tls.Fingerprint;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Keeps a node from sending one piece to two peers of a swarm at about the same time. The origin of a swarm (the
 * tracker seeding a torrent) is the one node whose upload every downloader shares: each piece it sends twice is a
 * piece the swarm waits for. Downloaders choose the origin's pieces so as not to overlap, but they cannot see each
 * other's requests; the origin can. For {@link #HOLD} after it began sending a piece to one peer that serves the
 * swarm, it refuses the piece to another such peer with a {@code busy} that covers that piece alone: the asker gets
 * it from the first once that one has verified it and said so on its have subscription, and meanwhile asks for other
 * pieces. QUIC takes a piece's bytes long before they arrive (its buffers hold seconds of a slow link), so the hold
 * is a time that covers the delivery, the check and the have line on an ordinary link; a slower recipient costs the
 * others that long at most. A copy that was given up before all of it went to QUIC holds nobody back, nor does a
 * recipient that has left, nor the recipient's own other connections (a node is its certificate); a node that does
 * not serve the swarm (which of them do, the {@link PieceSource} says) is always sent the piece.
 */
final class OneCopyAtATime {
    /** How long a copy holds others back: for its delivery, its check, and the have line to reach the others. */
    static final Duration HOLD = Duration.ofSeconds(2);
    /** Copies remembered before the first sweep of the ones no longer holding anybody back. */
    private static final int FIRST_SWEEP = 4096;

    private record Key(String infoHash, int index) {
    }

    /** One copy of a piece being sent, or sent, to {@code to}. */
    static final class Copy {
        private final Key key;
        private final Channel to;
        private final long started;

        private Copy(Key key, Channel to, long started) {
            this.key = key;
            this.to = to;
            this.started = started;
        }
    }

    private final PieceSource source;
    private final LongSupplier nanoClock;
    private final Map<Key, Copy> copies = new HashMap<>();
    /**
     * The size at which {@link #sending} sweeps next: twice what the last sweep kept, so that a fast node with many
     * copies inside the hold sweeps now and then, not on every piece.
     */
    private int sweepAt = FIRST_SWEEP;

    OneCopyAtATime(PieceSource source, LongSupplier nanoClock) {
        this.source = source;
        this.nanoClock = nanoClock;
    }

    /**
     * Refuses piece {@code index} to the node asking on {@code stream} while it is on its way to another peer of the
     * swarm.
     *
     * @throws ProtocolException {@code busy} with {@code "scope":"piece"}
     */
    synchronized void check(String infoHash, int index, Channel stream) {
        Copy copy = copies.get(new Key(infoHash, index));
        if (copy == null) {
            return;
        }
        long now = nanoClock.getAsLong();
        Channel asker = connection(stream);
        if (sameNode(asker, copy.to) || !holdsBack(copy, now) || !source.servesSwarm(infoHash, asker)) {
            return;
        }
        long wait = HOLD.toNanos() - (now - copy.started);
        throw ProtocolException.busyPiece("piece " + index + " is on its way to another peer of the swarm: get it "
                + "there, or ask again", Duration.ofMillis(Math.max(1, wait / 1_000_000)));
    }

    /**
     * Piece {@code index} is being sent on {@code stream}; returns the copy to end with {@link #ended}, or null when
     * its recipient does not serve the swarm.
     */
    synchronized Copy sending(String infoHash, int index, Channel stream) {
        Channel to = connection(stream);
        if (!source.servesSwarm(infoHash, to)) {
            return null;
        }
        long now = nanoClock.getAsLong();
        if (copies.size() >= sweepAt) {
            for (Iterator<Copy> it = copies.values().iterator(); it.hasNext(); ) {
                if (!holdsBack(it.next(), now)) {
                    it.remove();
                }
            }
            sweepAt = Math.max(FIRST_SWEEP, 2 * copies.size());
        }
        Copy copy = new Copy(new Key(infoHash, index), to, now);
        copies.put(copy.key, copy);
        return copy;
    }

    /** The stream of {@code copy} ended: {@code whole} whether every byte of the piece went to QUIC. */
    synchronized void ended(Copy copy, boolean whole) {
        if (!whole) {
            copies.remove(copy.key, copy);
        }
    }

    private static boolean holdsBack(Copy copy, long now) {
        return copy.to.isActive() && now - copy.started < HOLD.toNanos();
    }

    /** One node on both connections: the same connection, or the same certificate (a node is its certificate). */
    private static boolean sameNode(Channel asker, Channel recipient) {
        if (asker == recipient) {
            return true;
        }
        Optional<Fingerprint> mine = PeerCertificate.of(asker);
        return mine.isPresent() && mine.equals(PeerCertificate.of(recipient));
    }

    private static Channel connection(Channel stream) {
        return stream.parent() != null ? stream.parent() : stream;
    }
}
