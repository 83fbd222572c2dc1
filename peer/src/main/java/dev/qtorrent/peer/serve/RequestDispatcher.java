package dev.qtorrent.peer.serve;

import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ProtocolException;
import dev.qtorrent.common.message.Request;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;

/** Hands each decoded request to the handler registered for its type; a type nobody answers is refused. */
@ChannelHandler.Sharable
final class RequestDispatcher extends SimpleChannelInboundHandler<Request> {
    private final RequestHandlers handlers;

    RequestDispatcher(RequestHandlers handlers) {
        this.handlers = handlers;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Request request) {
        RequestRecord.received(ctx.channel(), request);
        dispatch(ctx, request);
    }

    private <R extends Request> void dispatch(ChannelHandlerContext ctx, R request) {
        RequestHandler<R> handler = handlers.find(request).orElseThrow(() ->
                new ProtocolException(ErrorCode.UNKNOWN_TYPE, "unsupported request " + request));
        handler.handle(ctx, request);
    }
}
