package dev.qtorrent.peer.serve;

import dev.qtorrent.common.message.ProtocolException;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Counts the pieces being sent, per connection and in total, and refuses one more with {@code busy} when either count
 * is at its limit, rather than queueing requests without bound. A slot is taken when a piece request is admitted and
 * given back when its stream closes, however it ends: sent, failed, cancelled or cut off with its connection.
 *
 * <p>When every slot of the node is taken, connections get turns. A connection refused for want of a slot joins a
 * line, in the order of its first refusal. A slot that frees while anyone is in line is kept for the first in line
 * until it is due back (its last refusal plus the retry-after it was given, plus {@link #GRACE} for the round trip),
 * and every other request meanwhile is refused and joins the line. Without this the slot would go to whoever asks
 * soonest after it frees: a peer that asks again the moment its own piece ends, or ignores the retry-after, or is
 * simply nearer, would take every slot and starve the peers that wait as told. A connection served from its kept slot
 * leaves the line, and a refusal of its next request puts it at the back: round robin, one piece per turn. One that
 * does not come back in time (it asked another node instead) loses its turn to the next in line, and one that closes
 * leaves the line. Refusals for the per-connection limit are the connection's own doing and give no place in line.
 */
final class UploadSlots {
    /**
     * What a {@code busy} answer asks the peer to wait. A piece of a few hundred KiB leaves a loopback or LAN link in
     * milliseconds and a slow one in a second or two; a fifth of a second lets a slot free without idling long.
     */
    static final Duration RETRY_AFTER = Duration.ofMillis(200);
    /**
     * How long after its retry-after a connection may come back and still find the slot kept for it: a round trip
     * and the peer's own scheduling. A slot kept for a peer that went elsewhere idles this long at most, once.
     */
    static final Duration GRACE = Duration.ofMillis(250);
    private static final AttributeKey<Pieces> KEY = AttributeKey.valueOf(UploadSlots.class, "slots");

    private final int perConnection;
    private final int total;
    private final LongSupplier clock;
    /** Slots taken by pieces being sent. */
    private int used;
    /** Connections refused for want of a slot, first refused first, each with the time of its latest refusal. */
    private final LinkedHashMap<Channel, Long> line = new LinkedHashMap<>();
    /** Slots kept for connections that came first in line, each with the time by which it must come back. */
    private final Map<Channel, Long> kept = new HashMap<>();
    /** While any slot is kept, none expires before this: spares a look at each on every request. */
    private long nextExpiry;

    UploadSlots(ServerLimits limits) {
        this(limits, System::nanoTime);
    }

    /** @param clock {@link System#nanoTime()}, or a test's clock */
    UploadSlots(ServerLimits limits, LongSupplier clock) {
        this.perConnection = limits.uploadSlotsPerConnection();
        this.total = limits.uploadSlots();
        this.clock = clock;
    }

    /** The pieces one connection is being sent; the connection's own, so that its streams share it. */
    private static final class Pieces {
        int sending;
    }

    /**
     * Takes a slot for the piece answered on {@code stream}, released when the stream closes.
     *
     * @throws ProtocolException {@code busy} when the connection has all its slots in use, or the node has no slot
     *                           free that is not kept for another connection's turn
     */
    synchronized void acquire(Channel stream) {
        Channel connection = stream.parent() != null ? stream.parent() : stream;
        Pieces mine = pieces(connection);
        if (mine.sending >= perConnection) {
            throw ProtocolException.busy("all " + perConnection + " upload slots of this connection are in use",
                    RETRY_AFTER);
        }
        long now = clock.getAsLong();
        // Asking again shows that the connection still wants its turn, before turns not taken are handed on.
        line.computeIfPresent(connection, (c, refused) -> now);
        expire(now);
        if (kept.remove(connection) == null) {
            if (used + kept.size() >= total) {
                // put keeps the place of a connection already in line, and updates its latest refusal.
                line.put(connection, now);
                throw ProtocolException.busy("all " + total + " upload slots of this node are in use or kept for "
                        + "peers that have waited longer", RETRY_AFTER);
            }
            line.remove(connection);
        }
        used++;
        mine.sending++;
        stream.closeFuture().addListener(f -> release(mine));
    }

    private Pieces pieces(Channel connection) {
        Pieces mine = connection.attr(KEY).get();
        if (mine == null) {
            mine = new Pieces();
            connection.attr(KEY).set(mine);
            connection.closeFuture().addListener(f -> left(connection));
        }
        return mine;
    }

    private synchronized void release(Pieces mine) {
        mine.sending--;
        used--;
        handOut(clock.getAsLong());
    }

    /** A closed connection gives up its place in line and any slot kept for it. */
    private synchronized void left(Channel connection) {
        line.remove(connection);
        if (kept.remove(connection) != null) {
            handOut(clock.getAsLong());
        }
    }

    /** Keeps each free slot for the first in line that can still come back for it. */
    private void handOut(long now) {
        Iterator<Map.Entry<Channel, Long>> first = line.entrySet().iterator();
        while (used + kept.size() < total && first.hasNext()) {
            Map.Entry<Channel, Long> next = first.next();
            first.remove();
            long due = next.getValue() + RETRY_AFTER.toNanos() + GRACE.toNanos();
            if (due - now < 0) {
                // It was due back and did not come: it asks elsewhere now, or has what it wanted.
                continue;
            }
            long deadline = due - (now + GRACE.toNanos()) < 0 ? now + GRACE.toNanos() : due;
            nextExpiry = kept.isEmpty() ? deadline : earlier(nextExpiry, deadline);
            kept.put(next.getKey(), deadline);
        }
    }

    /** Hands on the turns of connections that did not come back for their kept slot in time. */
    private void expire(long now) {
        if (kept.isEmpty() || now - nextExpiry < 0) {
            return;
        }
        kept.values().removeIf(deadline -> deadline - now < 0);
        boolean first = true;
        for (long deadline : kept.values()) {
            nextExpiry = first ? deadline : earlier(nextExpiry, deadline);
            first = false;
        }
        handOut(now);
    }

    /** The earlier of two {@link System#nanoTime()} readings, which may wrap around. */
    private static long earlier(long a, long b) {
        return a - b < 0 ? a : b;
    }

    /** Pieces being sent now, over all connections. */
    synchronized int inUse() {
        return used;
    }

    /** Slots free but kept for a connection's turn. */
    synchronized int keptForTurns() {
        return kept.size();
    }
}
