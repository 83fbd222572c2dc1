package dev.qtorrent.common.quic;

import io.netty.channel.Channel;
import io.netty.handler.codec.quic.QuicStreamChannel;

/**
 * How a client gives up on a request whose answer it no longer wants. Closing the stream channel alone is not enough:
 * the tracker would go on sending until the client's flow-control window is full and then wait forever, so the stream
 * would never complete and would keep one of the tracker's stream credits (and the piece bytes it has read) for the
 * life of the connection. docs/PROTOCOL.md section 4 therefore requires a reset.
 */
public final class StreamReset {
    /** Application error code of the client's STOP_SENDING and RESET_STREAM; the tracker ignores the value. */
    public static final int ABANDONED = 1;

    private StreamReset() {
    }

    /**
     * Sends STOP_SENDING (the tracker then resets its side) and RESET_STREAM unless the tracker's FIN has arrived,
     * then closes the channel.
     */
    public static void abandon(Channel channel) {
        if (channel instanceof QuicStreamChannel stream && stream.isActive() && !stream.isInputShutdown()) {
            stream.shutdown(ABANDONED);
        }
        channel.close();
    }
}
