package dev.qtorrent.bench;

import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.runtime.TransferJit;
import dev.qtorrent.common.tls.Fingerprint;
import dev.qtorrent.common.tls.PinningTrustManager;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.handler.codec.quic.Quic;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The client half of the bare transfer: connects exactly as the download client does (same class, same settings,
 * same transport), asks for a number of bytes on one stream and throws them away, timing the first to the last byte.
 */
@Command(name = "raw-client", hidden = true, description = "Fetches a bare QUIC bulk transfer and reports its timing.")
final class RawClient implements Callable<Integer> {
    static final String RESULT = "raw data phase:";
    static final String DATAGRAMS = "datagrams up to";

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", required = true)
    private int port;

    @Option(names = "--bytes", required = true)
    private long bytes;

    @Option(names = "--pin", required = true)
    private String pin;

    @Option(names = "--sha1", description = "Hash every byte with SHA-1 as it arrives, as a checking client must.")
    private boolean sha1;

    @Override
    public Integer call() throws Exception {
        Quic.ensureAvailability();
        // The same process set-up as a download's, so that the ceiling is measured on equal terms.
        TransferJit jit = TransferJit.forThisProcess();
        jit.start();
        PrintWriter out = spec.commandLine().getOut();
        try (NodeConnection connection = NodeConnection.connect("tracker", new InetSocketAddress("127.0.0.1", port),
                PinningTrustManager.pinned(Fingerprint.parse(pin)), QuicSettings.defaults(), Duration.ofSeconds(5))) {
            jit.keepIf(connection.receivesLargeDatagrams());
            Receiver receiver = new Receiver(sha1 ? MessageDigest.getInstance("SHA-1") : null);
            byte[] request = ByteBuffer.allocate(RawServer.REQUEST_BYTES).putLong(bytes).array();
            connection.send(request, true, receiver);
            long[] timing = receiver.done.get(10, TimeUnit.MINUTES);
            if (timing[0] != bytes) {
                throw new IOException("received " + timing[0] + " of " + bytes + " bytes");
            }
            out.println(RESULT + " " + timing[0] + " bytes in " + timing[1] + " ns");
            out.println(DATAGRAMS + " " + connection.receivePayload() + " bytes received, "
                    + connection.settings().udpPayload() + " sent");
            if (receiver.digest != null) {
                // Printed so that the hashing is observable work, not something the JIT may drop.
                out.println("sha1 " + HexFormat.of().formatHex(receiver.digest.digest()));
            }
            out.flush();
        }
        return 0;
    }

    /**
     * Counts the bytes, hashes them if asked, and drops them; completes with {bytes, nanoseconds from first to last
     * byte} at FIN.
     */
    private static final class Receiver extends ChannelInboundHandlerAdapter {
        final CompletableFuture<long[]> done = new CompletableFuture<>();
        final MessageDigest digest;
        private long received;
        private long first;
        private long last;

        Receiver(MessageDigest digest) {
            this.digest = digest;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                if (buf.isReadable()) {
                    last = System.nanoTime();
                    if (received == 0) {
                        first = last;
                    }
                    received += buf.readableBytes();
                    if (digest != null) {
                        digest.update(buf.nioBuffer());
                    }
                }
            } finally {
                buf.release();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == ChannelInputShutdownReadComplete.INSTANCE) {
                done.complete(new long[] {received, last - first});
                ctx.close();
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            done.completeExceptionally(new IOException("stream closed after " + received + " bytes"));
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            done.completeExceptionally(cause);
            ctx.close();
        }
    }
}
