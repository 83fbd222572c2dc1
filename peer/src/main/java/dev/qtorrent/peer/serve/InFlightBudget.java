package dev.qtorrent.peer.serve;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * The piece bytes one connection may have read from disk but not yet handed to QUIC. Every stream of a connection
 * runs on the connection's event loop, so the budget needs no locking; streams that find it spent wait in line and
 * are resumed as writes complete.
 */
final class InFlightBudget {
    private static final AttributeKey<InFlightBudget> KEY = AttributeKey.valueOf(InFlightBudget.class, "budget");

    private final long limit;
    private final LongAccumulator peakSink;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private long used;

    InFlightBudget(long limit, LongAccumulator peakSink) {
        this.limit = limit;
        this.peakSink = peakSink;
    }

    /**
     * The budget of the connection that {@code stream} belongs to.
     *
     * @param peakSink hears the most bytes any budget has held, for the server's statistics
     */
    static InFlightBudget of(Channel stream, long limit, LongAccumulator peakSink) {
        Channel connection = stream.parent() != null ? stream.parent() : stream;
        InFlightBudget budget = connection.attr(KEY).get();
        if (budget == null) {
            budget = new InFlightBudget(limit, peakSink);
            connection.attr(KEY).set(budget);
        }
        return budget;
    }

    long limit() {
        return limit;
    }

    /** Takes {@code bytes} if they fit; otherwise {@code retry} runs once some are given back. */
    boolean tryAcquire(long bytes, Runnable retry) {
        if (used + bytes <= limit) {
            used += bytes;
            peakSink.accumulate(used);
            return true;
        }
        waiting.add(retry);
        return false;
    }

    void release(long bytes) {
        used -= bytes;
        // Each waiter tries again and queues itself anew if the budget is still short.
        for (int n = waiting.size(); n > 0 && used < limit; n--) {
            waiting.poll().run();
        }
    }
}
