package dev.qtorrent.bench;

import dev.qtorrent.common.quic.QuicCodecs;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.quic.SegmentSizer;
import dev.qtorrent.common.quic.Transport;
import dev.qtorrent.common.tls.NodeIdentity;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;
import io.netty.handler.codec.quic.InsecureQuicTokenHandler;
import io.netty.handler.codec.quic.Quic;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The server half of the bare transfer: the tracker's QUIC settings and transport, but each stream's request is just
 * a byte count, answered with that many bytes from memory. No JSON, no disk, no hashing.
 */
@Command(name = "raw-server", hidden = true, description = "Serves bare QUIC bulk transfers until stdin closes.")
final class RawServer implements Callable<Integer> {
    /** The request is one big-endian long: how many bytes to send back. */
    static final int REQUEST_BYTES = Long.BYTES;
    static final String READY = "raw server ready";
    private static final int SOURCE_BYTES = 1 << 20;
    private static final int WRITE_BYTES = 64 << 10;

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", required = true)
    private int port;

    @Override
    public Integer call() throws Exception {
        Quic.ensureAvailability();
        PrintWriter out = spec.commandLine().getOut();
        QuicSettings settings = QuicSettings.defaults();
        Transport transport = Transport.detect();
        NodeIdentity identity = NodeIdentity.generate("127.0.0.1");
        QuicSslContext ssl = QuicSslContextBuilder.forServer(identity.key(), null, identity.certificate())
                .applicationProtocols(QuicSettings.ALPN)
                .build();
        byte[] random = new byte[SOURCE_BYTES];
        new SplittableRandom(1).nextBytes(random);
        ByteBuf source = Unpooled.unreleasableBuffer(Unpooled.directBuffer(SOURCE_BYTES).writeBytes(random));
        EventLoopGroup group = transport.newGroup(1);
        try {
            Channel channel = transport.udpBootstrap(group, settings.udpPayload())
                    .handler(QuicCodecs.server(settings, ssl, transport)
                            .tokenHandler(InsecureQuicTokenHandler.INSTANCE)
                            .handler(new SegmentSizer(transport))
                            .streamHandler(new ChannelInitializer<QuicStreamChannel>() {
                                @Override
                                protected void initChannel(QuicStreamChannel stream) {
                                    stream.pipeline().addLast(new Sender(source));
                                }
                            })
                            .build())
                    .bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
            out.println("fingerprint " + identity.fingerprint().hex());
            out.println(READY + " (" + transport.name() + ")");
            out.flush();
            // The benchmark closes our stdin to stop us; reading it is the simplest portable signal.
            while (System.in.read() >= 0) {
                continue;
            }
            channel.close().sync();
        } finally {
            group.shutdownGracefully().sync();
        }
        return 0;
    }

    /** Reads the byte count until FIN, then writes that many bytes while the stream is writable. */
    private static final class Sender extends ChannelInboundHandlerAdapter {
        private final ByteBuf source;
        private final ByteBuf request = Unpooled.buffer(REQUEST_BYTES);
        private long remaining = -1;
        private long position;

        Sender(ByteBuf source) {
            this.source = source;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                request.writeBytes(buf, Math.min(buf.readableBytes(), request.writableBytes()));
            } finally {
                buf.release();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == ChannelInputShutdownReadComplete.INSTANCE && remaining < 0) {
                if (request.readableBytes() != REQUEST_BYTES) {
                    ctx.close();
                    return;
                }
                remaining = request.readLong();
                pump(ctx);
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
            pump(ctx);
            super.channelWritabilityChanged(ctx);
        }

        private void pump(ChannelHandlerContext ctx) {
            while (remaining > 0 && ctx.channel().isWritable()) {
                int offset = (int) (position % SOURCE_BYTES);
                int length = (int) Math.min(Math.min(WRITE_BYTES, SOURCE_BYTES - offset), remaining);
                ByteBuf chunk = source.retainedSlice(offset, length);
                remaining -= length;
                position += length;
                ctx.writeAndFlush(remaining == 0 ? new DefaultQuicStreamFrame(chunk, true) : chunk);
            }
            if (remaining == 0 && position == 0) {
                ctx.writeAndFlush(new DefaultQuicStreamFrame(Unpooled.EMPTY_BUFFER, true));
                remaining = -2;
            }
        }
    }
}
