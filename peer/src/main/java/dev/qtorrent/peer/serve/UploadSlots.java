package dev.qtorrent.peer.serve;

import dev.qtorrent.common.message.ProtocolException;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the pieces being sent, per connection and in total, and refuses one more with {@code busy} when either count
 * is at its limit, rather than queueing requests without bound. A slot is taken when a piece request is admitted and
 * given back when its stream closes, however it ends: sent, failed, cancelled or cut off with its connection.
 */
final class UploadSlots {
    /**
     * What a {@code busy} answer asks the peer to wait. A piece of a few hundred KiB leaves a loopback or LAN link in
     * milliseconds and a slow one in a second or two; a fifth of a second lets a slot free without idling long.
     */
    static final Duration RETRY_AFTER = Duration.ofMillis(200);
    private static final AttributeKey<AtomicInteger> KEY = AttributeKey.valueOf(UploadSlots.class, "slots");

    private final int perConnection;
    private final int total;
    private final AtomicInteger used = new AtomicInteger();

    UploadSlots(ServerLimits limits) {
        this.perConnection = limits.uploadSlotsPerConnection();
        this.total = limits.uploadSlots();
    }

    /**
     * Takes a slot for the piece answered on {@code stream}, released when the stream closes.
     *
     * @throws ProtocolException {@code busy} when the connection or the node has every slot in use
     */
    void acquire(Channel stream) {
        Channel connection = stream.parent() != null ? stream.parent() : stream;
        AtomicInteger mine = connection.attr(KEY).setIfAbsent(new AtomicInteger());
        if (mine == null) {
            mine = connection.attr(KEY).get();
        }
        if (mine.get() >= perConnection) {
            throw ProtocolException.busy("all " + perConnection + " upload slots of this connection are in use",
                    RETRY_AFTER);
        }
        if (used.incrementAndGet() > total) {
            used.decrementAndGet();
            throw ProtocolException.busy("all " + total + " upload slots of this node are in use", RETRY_AFTER);
        }
        mine.incrementAndGet();
        AtomicInteger held = mine;
        stream.closeFuture().addListener(f -> {
            held.decrementAndGet();
            used.decrementAndGet();
        });
    }

    /** Pieces being sent now, over all connections. */
    int inUse() {
        return used.get();
    }
}
