package dev.qtorrent.peer.serve;

import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ErrorResponse;
import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.ProtocolException;
import dev.qtorrent.common.quic.HostPort;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamResetException;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns a failure on a stream into an {@link ErrorResponse}: it writes the answer with FIN, logs
 * one line, and tells the client to stop sending. Failures after an answer has begun can only reset the stream.
 * Log lines go through a {@link PeerLogLimiter}, so one host repeating bad requests cannot flood the log; every
 * request is still answered.
 */
@ChannelHandler.Sharable
final class ErrorResponder extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ErrorResponder.class);
    /** Application error code sent with STOP_SENDING / RESET_STREAM. */
    static final int STREAM_ERROR_CODE = 1;

    private final MessageCodec codec;
    private final PeerLogLimiter logLimiter;

    ErrorResponder(MessageCodec codec, PeerLogLimiter logLimiter) {
        this.codec = codec;
        this.logLimiter = logLimiter;
    }

    /** Said outright: Netty otherwise looks the class's annotation up in a per-thread cache for every stream. */
    @Override
    public boolean isSharable() {
        return true;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable failure) {
        if (failure instanceof QuicStreamResetException) {
            // The client abandoned its request (RESET_STREAM): nothing failed here and nobody is left to answer.
            log.debug("request abandoned by the client: {}", failure.getMessage());
            RequestRecord.answered(ctx.channel(), RequestRecord.ABANDONED);
            ctx.close();
            return;
        }
        ErrorResponse response;
        InetSocketAddress peer = RemoteAddress.of(ctx);
        String host = peer == null ? "?" : peer.getAddress().getHostAddress();
        String who = peer == null ? "?" : HostPort.format(peer);
        PeerLogLimiter.Admission admission = logLimiter.admit(host);
        for (PeerLogLimiter.Suppressed suppressed : admission.suppressed()) {
            log.warn("suppressed {} similar lines from {} (more than {} in {} s)", suppressed.lines(),
                    suppressed.address(), logLimiter.linesPerWindow(), logLimiter.window().toSeconds());
        }
        if (failure instanceof ProtocolException protocol) {
            response = protocol.response();
            if (protocol.code() == ErrorCode.BUSY || protocol.code() == ErrorCode.UNAVAILABLE) {
                // Full upload slots are the node working as intended, not a peer's fault; an unreachable swarm
                // store is logged once by the store, not once per request it fails.
                log.debug("request from {} refused: {}", who, response.error());
            } else if (admission.log()) {
                log.warn("request from {} refused: {}: {}", who, response.code(), response.error());
            }
        } else {
            response = ErrorResponse.of(ErrorCode.INTERNAL_ERROR, null);
            if (admission.log()) {
                log.error("request from {} failed", who, failure);
            }
        }
        RequestRecord.answered(ctx.channel(), response.code());
        if (!ctx.channel().isActive()) {
            return;
        }
        if (StreamOutput.answerStarted(ctx)) {
            if (ctx.channel() instanceof QuicStreamChannel stream) {
                stream.shutdownOutput(STREAM_ERROR_CODE);
            } else {
                ctx.close();
            }
            return;
        }
        byte[] header = codec.encodeResponseHeader(response);
        ByteBuf buf = ctx.alloc().directBuffer(header.length).writeBytes(header);
        StreamOutput.write(ctx, buf, true);
        if (ctx.channel() instanceof QuicStreamChannel stream && !stream.isInputShutdown()) {
            // The request was refused before the client finished sending it: ask it to stop.
            stream.shutdownInput(STREAM_ERROR_CODE);
        }
    }
}
