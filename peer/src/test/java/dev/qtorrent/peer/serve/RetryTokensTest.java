package dev.qtorrent.peer.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetryTokensTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.7", 5000);
    private final MutableClock clock = new MutableClock();
    private final RetryTokens tokens = new RetryTokens(clock);
    private final ByteBuf connectionId = Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});

    private ByteBuf mint() {
        ByteBuf token = Unpooled.buffer();
        assertTrue(tokens.writeToken(token, connectionId, CLIENT));
        assertTrue(token.readableBytes() <= tokens.maxTokenLength());
        return token;
    }

    @Test
    void acceptsItsOwnTokenAndPointsAtTheConnectionId() {
        ByteBuf token = mint();
        int offset = tokens.validateToken(token, CLIENT);
        assertTrue(offset > 0);
        assertEquals(connectionId, token.slice(offset, token.readableBytes() - offset));
    }

    @Test
    void refusesAnotherAddress() {
        assertEquals(-1, tokens.validateToken(mint(), new InetSocketAddress("192.0.2.8", 5000)));
        assertEquals(-1, tokens.validateToken(mint(), new InetSocketAddress("192.0.2.7", 5001)));
    }

    @Test
    void refusesTamperedAndForeignTokens() {
        ByteBuf token = mint();
        token.setByte(token.readableBytes() - 1, 99);
        assertEquals(-1, tokens.validateToken(token, CLIENT));
        assertEquals(-1, new RetryTokens(clock).validateToken(mint(), CLIENT), "another process's secret");
        assertEquals(-1, tokens.validateToken(Unpooled.wrappedBuffer("netty".getBytes()), CLIENT));
    }

    @Test
    void expires() {
        ByteBuf token = mint();
        clock.advance(Duration.ofSeconds(11));
        assertEquals(-1, tokens.validateToken(token, CLIENT));
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
