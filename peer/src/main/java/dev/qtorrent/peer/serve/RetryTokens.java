package dev.qtorrent.peer.serve;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.quic.QuicTokenHandler;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Address-validation tokens for QUIC Retry (RFC 9000, section 8.1): a time stamp, an HMAC over the client's address,
 * the original connection id and that time, then the connection id. Only this process can mint a valid token, and
 * a token is good for a few seconds from one address, so a spoofed source cannot use the server as an amplifier.
 */
final class RetryTokens implements QuicTokenHandler {
    private static final int TIME_BYTES = 8;
    private static final int MAC_BYTES = 16;
    /** QUIC connection ids are at most 20 bytes. */
    private static final int MAX_CONNECTION_ID = 20;
    private static final Duration LIFETIME = Duration.ofSeconds(10);

    private final Clock clock;
    private final SecretKeySpec key;

    RetryTokens(Clock clock) {
        this.clock = clock;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    @Override
    public boolean writeToken(ByteBuf out, ByteBuf dcid, InetSocketAddress address) {
        long now = clock.millis();
        out.writeLong(now);
        out.writeBytes(mac(address, dcid, now), 0, MAC_BYTES);
        out.writeBytes(dcid, dcid.readerIndex(), dcid.readableBytes());
        return true;
    }

    @Override
    public int validateToken(ByteBuf token, InetSocketAddress address) {
        int start = token.readerIndex();
        int length = token.readableBytes();
        if (length < TIME_BYTES + MAC_BYTES || length > maxTokenLength()) {
            return -1;
        }
        long minted = token.getLong(start);
        long age = clock.millis() - minted;
        if (age < 0 || age > LIFETIME.toMillis()) {
            return -1;
        }
        int idOffset = TIME_BYTES + MAC_BYTES;
        ByteBuf dcid = token.slice(start + idOffset, length - idOffset);
        byte[] expected = mac(address, dcid, minted);
        byte[] actual = new byte[MAC_BYTES];
        token.getBytes(start + TIME_BYTES, actual);
        if (!MessageDigest.isEqual(actual, java.util.Arrays.copyOf(expected, MAC_BYTES))) {
            return -1;
        }
        return idOffset;
    }

    @Override
    public int maxTokenLength() {
        return TIME_BYTES + MAC_BYTES + MAX_CONNECTION_ID;
    }

    private byte[] mac(InetSocketAddress address, ByteBuf dcid, long time) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(address.getAddress().getAddress());
            mac.update(ByteBuffer.allocate(Integer.BYTES + Long.BYTES).putInt(address.getPort()).putLong(time).flip());
            byte[] id = new byte[dcid.readableBytes()];
            dcid.getBytes(dcid.readerIndex(), id);
            return mac.doFinal(id);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
