package dev.qtorrent.peer.serve;

import dev.qtorrent.common.quic.HostPort;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers packets of connections from an earlier run of the server with a stateless reset (RFC 9000, section 10.3),
 * so their clients learn at once that the connection is gone and reconnect, instead of waiting for an idle timeout.
 * Netty's server codec drops such packets silently, so this handler sits in front of it on the UDP channel.
 *
 * <p>A reset is always shorter than the packet that caused it (at most {@value #MAX_RESET_BYTES} bytes), so it can
 * neither amplify traffic towards a forged source nor start a loop of resets between two endpoints.
 */
final class StatelessResetter extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(StatelessResetter.class);
    /** RFC 9000 §10.3: a reset needs at least 38 unpredictable bits before its token. */
    private static final int MIN_UNPREDICTABLE_BYTES = 5;
    private static final int MAX_RESET_BYTES = 42;

    private final ConnectionIds ids;
    private final ResetSecret secret;
    private final byte[] handshakeToken;
    private final SecureRandom random = new SecureRandom();

    StatelessResetter(ConnectionIds ids, ResetSecret secret) {
        this.ids = ids;
        this.secret = secret;
        this.handshakeToken = secret.handshakeToken();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof DatagramPacket packet && answeredWithReset(ctx, packet)) {
            packet.release();
            return;
        }
        super.channelRead(ctx, msg);
    }

    private boolean answeredWithReset(ChannelHandlerContext ctx, DatagramPacket packet) {
        ByteBuf in = packet.content();
        int start = in.readerIndex();
        int length = in.readableBytes();
        // Short header (RFC 9000 §17.3): form bit clear, fixed bit set, then our connection id.
        if (length < 1 + ConnectionIds.LENGTH + 1 || (in.getByte(start) & 0xc0) != 0x40) {
            return false;
        }
        if (ids.carriesThisRun(in, start + 1)) {
            // A live connection's packet, the common case: the codec's own lookup decides.
            return false;
        }
        byte[] dcid = new byte[ConnectionIds.LENGTH];
        in.getBytes(start + 1, dcid);
        ConnectionIds.Parsed parsed = ids.parse(dcid);
        if (parsed == null || !ids.fromOtherRun(parsed)) {
            return false;
        }
        byte[] clientId = parsed.clientId();
        int size = Math.min(length - 1, MAX_RESET_BYTES);
        if (size < 1 + clientId.length + MIN_UNPREDICTABLE_BYTES + ResetSecret.TOKEN_BYTES) {
            return true;
        }
        byte[] token = parsed.issuedLater() ? tokenOf(secret.token(ByteBuffer.wrap(dcid))) : handshakeToken;
        byte[] reset = new byte[size];
        random.nextBytes(reset);
        // Looks like a short-header packet for the client's connection, so the client hands it to that connection.
        reset[0] = (byte) (0x40 | reset[0] & 0x3f);
        System.arraycopy(clientId, 0, reset, 1, clientId.length);
        System.arraycopy(token, 0, reset, size - token.length, token.length);
        log.debug("stateless reset to {} for a connection of an earlier run", HostPort.format(packet.sender()));
        ctx.writeAndFlush(new DatagramPacket(ctx.alloc().directBuffer(size).writeBytes(reset), packet.sender()));
        return true;
    }

    private static byte[] tokenOf(ByteBuffer token) {
        byte[] bytes = new byte[token.remaining()];
        token.get(bytes);
        return bytes;
    }
}
