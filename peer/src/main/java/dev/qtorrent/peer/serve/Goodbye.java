package dev.qtorrent.peer.serve;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.quic.QuicChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes every connection with {@value #SHUTTING_DOWN} when the server stops, so the other side reconnects at once
 * rather than after its stall or idle timeout (docs/PROTOCOL.md §7).
 */
final class Goodbye {
    private static final Logger log = LoggerFactory.getLogger(Goodbye.class);
    /** Application error code in CONNECTION_CLOSE when the server stops. */
    static final int SHUTTING_DOWN = 0x102;
    /** How long the closing notices may take to go out before the socket closes. */
    private static final long GOODBYE_MILLIS = 1000;

    private Goodbye() {
    }

    /** Closes each QUIC connection in {@code connections} and waits, briefly, until the closes are sent. */
    static void send(Iterable<Channel> connections, String reason) {
        List<ChannelFuture> closes = new ArrayList<>();
        for (Channel connection : connections) {
            if (connection instanceof QuicChannel quic) {
                closes.add(quic.close(true, SHUTTING_DOWN, Unpooled.copiedBuffer(reason, StandardCharsets.US_ASCII)));
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GOODBYE_MILLIS);
        for (ChannelFuture close : closes) {
            close.awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        if (!closes.isEmpty()) {
            log.info("closed {} connection{} (0x{} {})", closes.size(), closes.size() == 1 ? "" : "s",
                    Integer.toHexString(SHUTTING_DOWN), reason);
        }
    }
}
