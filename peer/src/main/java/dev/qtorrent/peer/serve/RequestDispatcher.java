package dev.qtorrent.peer.serve;

import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.ProtocolException;
import dev.qtorrent.common.message.Request;
import io.netty.channel.ChannelHandlerContext;

/**
 * Decodes a complete request and hands it to the handler registered for its type; a type nobody answers is refused.
 * Called by the stream's {@link RequestAggregator} rather than placed in the pipeline itself: every request opens a
 * stream, and each handler in a stream's pipeline costs a context made, linked and torn down per request.
 */
final class RequestDispatcher {
    private final MessageCodec codec;
    private final RequestHandlers handlers;

    RequestDispatcher(MessageCodec codec, RequestHandlers handlers) {
        this.codec = codec;
        this.handlers = handlers;
    }

    /**
     * Answers the request in {@code bytes} on {@code ctx}'s stream.
     *
     * @throws ProtocolException when the bytes are no request, or one of a type nobody answers; the caller's
     *                           pipeline passes it on to the {@link ErrorResponder}
     */
    void dispatch(ChannelHandlerContext ctx, byte[] bytes) {
        if (bytes.length == 0) {
            throw new ProtocolException(ErrorCode.MALFORMED_JSON, "empty request");
        }
        Request request = codec.decodeRequest(bytes);
        RequestRecord.received(ctx.channel(), request);
        dispatch(ctx, request);
    }

    private <R extends Request> void dispatch(ChannelHandlerContext ctx, R request) {
        RequestHandler<R> handler = handlers.find(request).orElseThrow(() ->
                new ProtocolException(ErrorCode.UNKNOWN_TYPE, "unsupported request " + request));
        handler.handle(ctx, request);
    }
}
