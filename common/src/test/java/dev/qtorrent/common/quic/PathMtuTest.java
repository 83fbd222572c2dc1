package dev.qtorrent.common.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathMtuTest {
    private static final QuicSettings SETTINGS = QuicSettings.defaults();

    @ParameterizedTest(name = "{0} through MTU {1}: {2}")
    @CsvSource({
        // Unknown routes and Ethernet-sized or smaller interfaces keep the conservative payload.
        "192.0.2.7, -1, 1452",
        "192.0.2.7, 576, 1452",
        "192.0.2.7, 1500, 1452",
        "2001:db8::7, 1500, 1452",
        // Larger interfaces: the MTU less the IP and UDP headers...
        "192.0.2.7, 1600, 1572",
        "192.0.2.7, 9000, 8972",
        "2001:db8::7, 9000, 8952",
        // ...up to the settings' maximum.
        "127.0.0.1, 65536, 16384",
        "::1, 65536, 16384",
    })
    void payloadFollowsTheInterfaceMtu(String remote, int mtu, int expected) throws Exception {
        assertEquals(expected, PathMtu.payloadFor(InetAddress.getByName(remote), mtu, SETTINGS));
    }

    @Test
    void loopbackGetsTheLargestPayloadItsMtuAllows() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        int mtu = NetworkInterface.getByInetAddress(loopback).getMTU();
        // Worked out here from the rule, not by the code under test: the MTU less 20 bytes of IPv4 and 8 of UDP
        // header above Ethernet's 1500, capped at the settings' maximum.
        int expected = mtu <= 1500 ? SETTINGS.udpPayload() : Math.min(mtu - 28, SETTINGS.maxUdpPayload());

        assertEquals(expected, PathMtu.receivePayload(new InetSocketAddress(loopback, 7001), SETTINGS),
                "loopback MTU " + mtu);
    }

    @Test
    void unresolvedHostKeepsTheConservativePayload() {
        assertEquals(SETTINGS.udpPayload(),
                PathMtu.receivePayload(InetSocketAddress.createUnresolved("tracker.invalid", 7001), SETTINGS));
    }

    @Test
    void maximumLiesBetweenTheConservativePayloadAndAnIpv6Datagram() {
        QuicSettings d = SETTINGS;
        assertThrows(IllegalArgumentException.class, () -> new QuicSettings(
                d.idleTimeout(), d.maxRequestBytes(), d.maxResponseHeaderBytes(), Duration.ofSeconds(1),
                d.maxStreams(), d.connectionWindow(), d.streamWindow(), 1452, 65_528));
        assertThrows(IllegalArgumentException.class, () -> new QuicSettings(
                d.idleTimeout(), d.maxRequestBytes(), d.maxResponseHeaderBytes(), Duration.ofSeconds(1),
                d.maxStreams(), d.connectionWindow(), d.streamWindow(), 1452, 1400));
    }

    @Test
    void forcedPayloadReplacesTheRoutesWithinQuicsBounds() {
        assertEquals(1452, PathMtu.forcedPayload("1452", SETTINGS));
        assertEquals(1200, PathMtu.forcedPayload(" 1200 ", SETTINGS));
        assertEquals(16384, PathMtu.forcedPayload("16384", SETTINGS));
        for (String bad : new String[] {"1199", "16385", "", "1.5k", "-1452"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PathMtu.forcedPayload(bad, SETTINGS), bad);
            assertEquals("-Dqtorrent.udp-payload must be a number of bytes from 1200 to 16384, not " + bad,
                    e.getMessage());
        }
    }
}
