package dev.qtorrent.common.quic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;

/**
 * Chooses the UDP payload a client accepts from the tracker, the way TCP chooses its MSS: from the MTU of the local
 * interface that routes to the tracker. The payload goes to the tracker as QUIC's {@code max_udp_payload_size}
 * transport parameter, and the tracker sends datagrams up to that size. Each datagram costs about the same CPU
 * whatever its size (system calls, packet processing on both sides), so on loopback and on jumbo-frame links larger
 * datagrams move a bulk transfer at several times the rate of Ethernet-sized ones. Interfaces with an Ethernet-sized
 * MTU or smaller, and routes that cannot be looked up, keep the conservative {@link QuicSettings#udpPayload()}.
 *
 * <p>The JVM system property {@value #OVERRIDE_PROPERTY} (bytes) replaces the route's choice, so that a benchmark on
 * loopback can measure what a 1500-byte network gives ({@code -Dqtorrent.udp-payload=1452}). It is meant for
 * measurements and left out of the usage help.
 */
public final class PathMtu {
    /** Ethernet's MTU: routes through interfaces this size or smaller keep the conservative payload. */
    static final int ETHERNET_MTU = 1500;
    private static final int IPV4_UDP_HEADERS = 20 + 8;
    private static final int IPV6_UDP_HEADERS = 40 + 8;
    static final String OVERRIDE_PROPERTY = "qtorrent.udp-payload";

    private PathMtu() {
    }

    /** The payload to accept from {@code remote}: see the class comment. */
    public static int receivePayload(InetSocketAddress remote, QuicSettings settings) {
        String forced = System.getProperty(OVERRIDE_PROPERTY);
        if (forced != null) {
            return forcedPayload(forced, settings);
        }
        if (remote.isUnresolved()) {
            return settings.udpPayload();
        }
        try {
            return payloadFor(remote.getAddress(), interfaceMtu(remote), settings);
        } catch (UncheckedIOException e) {
            return settings.udpPayload();
        }
    }

    /** The payload {@value #OVERRIDE_PROPERTY} asks for, between QUIC's minimum and the settings' maximum. */
    static int forcedPayload(String text, QuicSettings settings) {
        int bytes;
        try {
            bytes = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            bytes = -1;
        }
        if (bytes < QuicSettings.MIN_UDP_PAYLOAD || bytes > settings.maxUdpPayload()) {
            throw new IllegalArgumentException("-D" + OVERRIDE_PROPERTY + " must be a number of bytes from "
                    + QuicSettings.MIN_UDP_PAYLOAD + " to " + settings.maxUdpPayload() + ", not " + text);
        }
        return bytes;
    }

    /**
     * The payload for a route to {@code remote} through an interface of {@code mtu} bytes (-1 when unknown): the MTU
     * less the IP and UDP headers, within the settings' bounds, for interfaces larger than Ethernet's.
     */
    static int payloadFor(InetAddress remote, int mtu, QuicSettings settings) {
        if (mtu <= ETHERNET_MTU) {
            return settings.udpPayload();
        }
        int headers = remote instanceof Inet6Address ? IPV6_UDP_HEADERS : IPV4_UDP_HEADERS;
        return Math.max(settings.udpPayload(), Math.min(mtu - headers, settings.maxUdpPayload()));
    }

    /**
     * The MTU of the interface the kernel would send to {@code remote} from: a connected UDP socket learns its local
     * address from the routing table without sending anything.
     */
    private static int interfaceMtu(InetSocketAddress remote) {
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(remote);
            InetAddress local = probe.getLocalAddress();
            NetworkInterface nif = local == null || local.isAnyLocalAddress() ? null
                    : NetworkInterface.getByInetAddress(local);
            return nif == null ? -1 : nif.getMTU();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
