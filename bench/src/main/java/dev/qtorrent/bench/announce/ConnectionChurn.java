package dev.qtorrent.bench.announce;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * New connections as fast as they go: each of a number of slots, one UDP socket each, connects (with the tracker's
 * Retry round trip and the TLS handshake, client certificate included), announces once, closes, and starts over.
 * What a tracker sees from clients that announce once and leave.
 */
final class ConnectionChurn {
    private final QuicLoad load;
    private final List<Slot> slots = new ArrayList<>();
    private volatile boolean running;
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;

    ConnectionChurn(QuicLoad load) {
        this.load = load;
    }

    void start(int count) throws InterruptedException {
        running = true;
        for (int i = 0; i < count; i++) {
            Slot slot = new Slot(load.socket(), i);
            slots.add(slot);
            slot.udp.eventLoop().execute(slot::next);
        }
    }

    /** Counts the connections that complete their announce between the two times; returns {done, failed}. */
    long[] measure(long startNanos, long endNanos) throws InterruptedException {
        windowEnd = endNanos;
        windowStart = startNanos;
        long left = endNanos - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
        long[] counts = new long[2];
        for (Slot slot : slots) {
            try {
                slot.udp.eventLoop().submit(() -> {
                    counts[0] += slot.done;
                    counts[1] += slot.failed;
                }).get();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        return counts;
    }

    void stop() {
        running = false;
    }

    /** One connection after another over one UDP socket; its fields are touched only on the socket's event loop. */
    private final class Slot {
        final Channel udp;
        private long k;
        long done;
        long failed;

        Slot(Channel udp, int first) {
            this.udp = udp;
            this.k = first * 7919L;
        }

        void next() {
            if (!running) {
                return;
            }
            long started = System.nanoTime();
            load.startConnection(udp, new ChannelInboundHandlerAdapter()).addListener(f -> {
                if (!f.isSuccess()) {
                    finished(started, false);
                    return;
                }
                QuicChannel quic = (QuicChannel) f.getNow();
                quic.createStream(QuicStreamType.BIDIRECTIONAL, new Exchange(load.request(k++),
                        (announced, nanos, bytes) -> quic.close().addListener(c -> finished(started, announced))))
                        .addListener(s -> {
                            if (!s.isSuccess()) {
                                quic.close().addListener(c -> finished(started, false));
                            }
                        });
            });
        }

        private void finished(long started, boolean announced) {
            long now = System.nanoTime();
            if (now >= windowStart && now < windowEnd) {
                if (announced) {
                    done++;
                } else {
                    failed++;
                }
            }
            if (announced) {
                next();
            } else {
                // A refused or failed connection is not retried in a tight loop.
                udp.eventLoop().schedule(this::next, 10, TimeUnit.MILLISECONDS);
            }
        }
    }
}
