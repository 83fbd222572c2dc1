package dev.qtorrent.client.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.metainfo.InfoHash;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.common.tls.PinningTrustManager;
import dev.qtorrent.peer.serve.ResetSecret;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How asking fails, over real QUIC on loopback: a node that does not know {@code peer_check} (as a tracker from
 * before it) answers {@code unknown_type}, which fails the question and says so; a tracker that cannot be reached
 * fails it, and the questions right after fail without another connect.
 */
@Timeout(60)
class TrackerPeerCheckTest {
    private final InfoHash hash = InfoHash.of("d4:name4:teste".getBytes(StandardCharsets.US_ASCII));
    private final NodeIdentity identity = NodeIdentity.generate(NodeIdentity.Role.PEER, null);
    private final NodeIdentity asked = NodeIdentity.generate(NodeIdentity.Role.PEER, null);

    @Test
    void aTrackerWithoutPeerCheckFailsTheQuestion() throws Exception {
        NodeIdentity oldIdentity = NodeIdentity.generate("127.0.0.1");
        try (ClientNode old = ClientNode.start(InetAddress.getLoopbackAddress(), 0, oldIdentity,
                ResetSecret.random());
             TrackerPeerCheck check = new TrackerPeerCheck(timeout -> NodeConnection.connect("tracker",
                     old.address(), PinningTrustManager.pinned(oldIdentity.fingerprint()), identity,
                     QuicSettings.defaults(), timeout), Duration.ofSeconds(10))) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> check.listed(hash, asked.fingerprint()).get(20, TimeUnit.SECONDS));
            assertInstanceOf(IOException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("unknown_type"), e.getCause().getMessage());
        }
    }

    @Test
    void anUnreachableTrackerIsNotDialledAgainAtOnce() throws Exception {
        AtomicInteger connects = new AtomicInteger();
        // A bound socket that never answers: the QUIC handshake times out.
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             TrackerPeerCheck check = new TrackerPeerCheck(timeout -> {
                 connects.incrementAndGet();
                 return NodeConnection.connect("tracker", (InetSocketAddress) silent.getLocalSocketAddress(),
                         PinningTrustManager.insecure(), identity, QuicSettings.defaults(), Duration.ofMillis(500));
             }, Duration.ofSeconds(10))) {
            for (int i = 0; i < 3; i++) {
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> check.listed(hash, asked.fingerprint()).get(20, TimeUnit.SECONDS));
                assertInstanceOf(IOException.class, e.getCause());
            }
            assertEquals(1, connects.get(), "one connect for three questions within "
                    + TrackerPeerCheck.RETRY_CONNECT_AFTER.toSeconds() + " s");
        }
    }
}
