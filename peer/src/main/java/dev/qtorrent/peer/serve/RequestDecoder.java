package dev.qtorrent.peer.serve;

import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/** Turns a complete request's bytes into a {@link dev.qtorrent.common.message.Request}. */
@ChannelHandler.Sharable
final class RequestDecoder extends MessageToMessageDecoder<ByteBuf> {
    private final MessageCodec codec;

    RequestDecoder(MessageCodec codec) {
        this.codec = codec;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
        if (!msg.isReadable()) {
            throw new ProtocolException(ErrorCode.MALFORMED_JSON, "empty request");
        }
        out.add(codec.decodeRequest(ByteBufUtil.getBytes(msg)));
    }
}
