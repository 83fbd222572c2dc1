package dev.qtorrent.common.quic;

import java.time.Duration;

/**
 * Transport settings shared by tracker and client. quiche defaults every limit to zero or off, so each one is set
 * explicitly here; docs/PROTOCOL.md states the defaults as protocol limits.
 *
 * @param idleTimeout            a connection with no traffic for this long is closed (the smaller of both sides wins)
 * @param maxRequestBytes        the largest request a tracker accepts on one stream
 * @param maxResponseHeaderBytes the largest response header a client accepts
 * @param requestTimeout         time a client has to finish (FIN) a request once its stream is open
 * @param maxStreams             concurrent bidirectional streams a peer may open
 * @param connectionWindow       connection-level flow-control window in bytes
 * @param streamWindow           per-stream flow-control window in bytes
 * @param udpPayload             UDP payload on paths of unknown or Ethernet-sized MTU: what clients send, what the
 *                               tracker receives, and what a client receives unless its route allows more; 1452 fits
 *                               a 1500-byte MTU over IPv6
 * @param maxUdpPayload          the largest UDP payload a client accepts when the interface on its route to the tracker
 *                               has a larger MTU (loopback, jumbo frames), and the largest the tracker sends: fewer,
 *                               larger datagrams cost far less CPU per byte (see {@link PathMtu})
 */
public record QuicSettings(
        Duration idleTimeout,
        int maxRequestBytes,
        int maxResponseHeaderBytes,
        Duration requestTimeout,
        int maxStreams,
        long connectionWindow,
        long streamWindow,
        int udpPayload,
        int maxUdpPayload) {

    /** QUIC's smallest allowed UDP payload. */
    public static final int MIN_UDP_PAYLOAD = 1200;
    /** The largest UDP payload that fits an IPv6 datagram (and, less its 20 bytes more, an IPv4 one). */
    public static final int MAX_UDP_PAYLOAD = 65_527;

    /** Application protocol id negotiated with ALPN; the number is the protocol version. */
    public static final String ALPN = "qtorrent/1";

    public QuicSettings {
        positive("idleTimeout", idleTimeout.toMillis());
        positive("maxRequestBytes", maxRequestBytes);
        positive("maxResponseHeaderBytes", maxResponseHeaderBytes);
        positive("requestTimeout", requestTimeout.toMillis());
        positive("maxStreams", maxStreams);
        positive("connectionWindow", connectionWindow);
        positive("streamWindow", streamWindow);
        if (udpPayload < MIN_UDP_PAYLOAD || udpPayload > 1452) {
            // Larger payloads do not fit every Ethernet path; 1200 is QUIC's minimum.
            throw new IllegalArgumentException("udpPayload must be between 1200 and 1452");
        }
        if (maxUdpPayload < udpPayload || maxUdpPayload > MAX_UDP_PAYLOAD) {
            throw new IllegalArgumentException("maxUdpPayload must be between udpPayload and " + MAX_UDP_PAYLOAD);
        }
    }

    /**
     * Measured on loopback, 16 KiB datagrams moved a download about twice as fast as 1452-byte ones, and 32 or 64 KiB
     * ones slower again; a lost datagram also costs less to send again than a 64 KiB one.
     */
    private static final int DEFAULT_MAX_UDP_PAYLOAD = 16 * 1024;

    public static QuicSettings defaults() {
        return new QuicSettings(Duration.ofSeconds(30), 64 * 1024, 64 * 1024, Duration.ofSeconds(10), 128,
                64L << 20, 8L << 20, 1452, DEFAULT_MAX_UDP_PAYLOAD);
    }

    public QuicSettings withIdleTimeout(Duration timeout) {
        return new QuicSettings(timeout, maxRequestBytes, maxResponseHeaderBytes, requestTimeout, maxStreams,
                connectionWindow, streamWindow, udpPayload, maxUdpPayload);
    }

    public QuicSettings withRequestTimeout(Duration timeout) {
        return new QuicSettings(idleTimeout, maxRequestBytes, maxResponseHeaderBytes, timeout, maxStreams,
                connectionWindow, streamWindow, udpPayload, maxUdpPayload);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
