package dev.qtorrent.peer.serve;

import dev.qtorrent.common.message.Request;
import io.netty.channel.ChannelHandlerContext;

/**
 * Answers one type of request on its stream, on the stream's event loop. It writes the answer with
 * {@link StreamOutput#write}, ending it with FIN, or throws a {@link dev.qtorrent.common.message.ProtocolException}
 * to refuse, which the stream's error tail turns into an error answer.
 */
@FunctionalInterface
public interface RequestHandler<R extends Request> {

    void handle(ChannelHandlerContext ctx, R request);
}
