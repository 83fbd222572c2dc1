package dev.qtorrent.peer.serve;

import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ProtocolException;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many subscriptions of one kind a connection may hold open at once: each costs the node a queue and a listener
 * for as long as it lasts.
 */
public final class SubscriptionLimit {
    private final String kind;
    private final int max;
    private final AttributeKey<AtomicInteger> key;

    /** @param kind what the subscriptions are, in the refusal's message ("have subscriptions") */
    public SubscriptionLimit(String kind, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("a connection must be allowed at least one subscription");
        }
        this.kind = kind;
        this.max = max;
        this.key = AttributeKey.valueOf(SubscriptionLimit.class, kind);
    }

    /** A taken place, given back once when its subscription ends. */
    public static final class Slot {
        private final AtomicInteger count;
        private boolean released;

        private Slot(AtomicInteger count) {
            this.count = count;
        }

        /** Called on the stream's event loop only. */
        void release() {
            if (!released) {
                released = true;
                count.decrementAndGet();
            }
        }
    }

    /**
     * Takes a place on the connection of {@code stream}.
     *
     * @throws ProtocolException {@code too_many_subscriptions} when the connection has its limit already
     */
    public Slot take(Channel stream) {
        Channel connection = stream.parent() != null ? stream.parent() : stream;
        connection.attr(key).setIfAbsent(new AtomicInteger());
        AtomicInteger count = connection.attr(key).get();
        if (count.incrementAndGet() > max) {
            count.decrementAndGet();
            throw new ProtocolException(ErrorCode.TOO_MANY_SUBSCRIPTIONS, "this connection has " + max + " " + kind
                    + " open, the most a node allows");
        }
        return new Slot(count);
    }
}
