package dev.qtorrent.tracker.server;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.quic.NodeUnreachableException;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.tls.PinningTrustManager;
import dev.qtorrent.tracker.TestTracker;
import dev.qtorrent.tracker.seed.SeededTorrent;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code --bind 0.0.0.0} listens on IPv4 only, {@code --bind ::} on both families. Traffic stays on loopback. */
@Timeout(60)
class BindFamilyTest {
    private static final InetAddress IPV4_LOOPBACK = address("127.0.0.1");
    private static final InetAddress IPV6_LOOPBACK = address("::1");

    @TempDir
    Path seed;

    @BeforeAll
    static void needsIpv6Loopback() {
        boolean ipv6;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(IPV6_LOOPBACK, 0))) {
            ipv6 = true;
        } catch (IOException e) {
            ipv6 = false;
        }
        assumeTrue(ipv6, "skipped: this machine has no IPv6 loopback (::1)");
    }

    @Test
    void anIpv4WildcardTakesIpv4Only() throws Exception {
        try (TestTracker tracker = TestTracker.startOn(seed, address("0.0.0.0"))) {
            assertServed(tracker, IPV4_LOOPBACK);
            assertThrows(NodeUnreachableException.class, () -> connect(tracker, IPV6_LOOPBACK).close());
        }
    }

    @Test
    void theIpv6WildcardTakesBothFamilies() throws Exception {
        try (TestTracker tracker = TestTracker.startOn(seed, address("::"))) {
            assertServed(tracker, IPV4_LOOPBACK);
            assertServed(tracker, IPV6_LOOPBACK);
        }
    }

    private static void assertServed(TestTracker tracker, InetAddress via) throws Exception {
        SeededTorrent torrent = tracker.torrent("hello_world.txt");
        try (NodeConnection connection = connect(tracker, via)) {
            assertInstanceOf(AnnounceResponse.class, connection.exchange(new AnnounceRequest(torrent.infoHash().hex(),
                    "-QT0100-bindfamily00", 0, 0, 0, 1, null)).get(10, TimeUnit.SECONDS));
        }
    }

    private static NodeConnection connect(TestTracker tracker, InetAddress via) throws Exception {
        return NodeConnection.connect("tracker", new InetSocketAddress(via, tracker.server().address().getPort()),
                PinningTrustManager.pinned(tracker.identity().fingerprint()), tracker.clientIdentity(),
                QuicSettings.defaults(), Duration.ofSeconds(2));
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
