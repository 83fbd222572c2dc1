package dev.qtorrent.peer.serve;

import static dev.qtorrent.peer.serve.PeerMessagesLoopbackTest.withWindows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.message.PieceRequest;
import dev.qtorrent.common.message.PieceResponse;
import dev.qtorrent.common.quic.Answer;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.common.tls.PinningTrustManager;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A node's upload rate limit over real QUIC on loopback, where pieces otherwise leave in milliseconds: a node limited
 * to 2 MiB/s takes at least about 3 s to send 8 MiB, to two peers asking at once as to one. Only a lower bound is
 * checked, which a slow machine cannot break.
 */
@Timeout(60)
class UploadRateLoopbackTest {
    private static final int MIB = 1 << 20;
    private static final int PIECES = 8;

    private final NodeIdentity identity = NodeIdentity.generate("127.0.0.1");
    private NodeServer server;
    private NodeConnection first;
    private NodeConnection second;

    @AfterEach
    void closeAll() {
        for (AutoCloseable open : new AutoCloseable[] {first, second, server}) {
            try {
                if (open != null) {
                    open.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void eightMebibytesAtTwoMebibytesASecondTakeAtLeastThreeSeconds() throws Exception {
        ChangingTorrent torrent = new ChangingTorrent("limited", (long) PIECES * MIB, MIB, false);
        torrent.verifyAll();
        String hash = torrent.infoHash().hex();
        server = new NodeServer("peer", QuicSettings.defaults(), ServerLimits.defaults().withMaxUploadRate(2 * MIB),
                identity, ResetSecret.random(), h -> h.equals(hash) ? Optional.of(torrent) : Optional.empty(),
                new RequestHandlers());
        server.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        first = connect();
        second = connect();
        AtomicLong received = new AtomicLong();

        long start = System.nanoTime();
        // Each peer asks for every other piece, four in flight at once: the limit is the node's, over all of them.
        CompletableFuture<?>[] pieces = new CompletableFuture<?>[PIECES];
        for (int index = 0; index < PIECES; index++) {
            int piece = index;
            pieces[index] = (index % 2 == 0 ? first : second).exchange(new PieceRequest(hash, index), MIB)
                    .thenAccept(answer -> received.addAndGet(check(answer, hash, piece)));
        }
        CompletableFuture.allOf(pieces).get(40, TimeUnit.SECONDS);
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals((long) PIECES * MIB, received.get());
        // 8 MiB at 2 MiB/s, less the burst of one chunk, is 3.9 s: 3 s leaves room for any clock.
        assertTrue(elapsedMillis >= 3_000, "8 MiB were sent in " + elapsedMillis + " ms under a 2 MiB/s limit");
    }

    private NodeConnection connect() throws Exception {
        return NodeConnection.connect("peer", server.address(), PinningTrustManager.pinned(identity.fingerprint()),
                withWindows(QuicSettings.defaults(), 8 * MIB), Duration.ofSeconds(5));
    }

    /** Checks a piece's header and bytes (byte i of the data is i % 251); returns its length. */
    private static long check(Answer answer, String hash, int index) {
        assertEquals(new PieceResponse(hash, index, MIB), answer.header());
        byte[] payload = answer.payload();
        assertEquals(MIB, payload.length);
        for (int i = 0; i < payload.length; i += 4093) {
            assertEquals((byte) (((long) index * MIB + i) % 251), payload[i], "byte " + i + " of piece " + index);
        }
        return payload.length;
    }
}
