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
 * @param udpPayload             largest UDP payload sent and received; 1452 fits a 1500-byte MTU over IPv6
 */
public record QuicSettings(
        Duration idleTimeout,
        int maxRequestBytes,
        int maxResponseHeaderBytes,
        Duration requestTimeout,
        int maxStreams,
        long connectionWindow,
        long streamWindow,
        int udpPayload) {

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
        if (udpPayload < 1200 || udpPayload > 1452) {
            // Larger payloads need bigger receive buffers on every hop; 1200 is QUIC's minimum.
            throw new IllegalArgumentException("udpPayload must be between 1200 and 1452");
        }
    }

    public static QuicSettings defaults() {
        return new QuicSettings(Duration.ofSeconds(30), 64 * 1024, 64 * 1024, Duration.ofSeconds(10), 128,
                64L << 20, 8L << 20, 1452);
    }

    public QuicSettings withIdleTimeout(Duration timeout) {
        return new QuicSettings(timeout, maxRequestBytes, maxResponseHeaderBytes, requestTimeout, maxStreams,
                connectionWindow, streamWindow, udpPayload);
    }

    public QuicSettings withRequestTimeout(Duration timeout) {
        return new QuicSettings(idleTimeout, maxRequestBytes, maxResponseHeaderBytes, timeout, maxStreams,
                connectionWindow, streamWindow, udpPayload);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
