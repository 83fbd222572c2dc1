package dev.qtorrent.tracker;

import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.peer.serve.ServerLimits;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The tracker's options that bound what one client, or all of them, may take of it: connections, streams, request
 * sizes and deadlines, piece bytes and upload slots. The QUIC settings and server limits are checked when built.
 */
final class ServingLimits {
    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "4096",
            description = "QUIC connections served at once (default: ${DEFAULT-VALUE}).")
    private int maxConnections;

    @Option(names = "--max-connections-per-address", paramLabel = "N", defaultValue = "128",
            description = "QUIC connections served at once from one IP address (default: ${DEFAULT-VALUE}).")
    private int maxConnectionsPerAddress;

    @Option(names = "--max-streams", paramLabel = "N", defaultValue = "128",
            description = "Requests in progress at once on one connection (default: ${DEFAULT-VALUE}).")
    private int maxStreams;

    @Option(names = "--max-request-bytes", paramLabel = "BYTES", defaultValue = "65536",
            description = "Largest request accepted (default: ${DEFAULT-VALUE}).")
    private int maxRequestBytes;

    @Option(names = "--request-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Time a client has to finish sending a request (default: ${DEFAULT-VALUE}).")
    private int requestTimeoutSeconds;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "A connection with no traffic for this long is closed (default: ${DEFAULT-VALUE}).")
    private int idleTimeoutSeconds;

    @Option(names = "--max-piece-bytes-in-flight", paramLabel = "BYTES", defaultValue = "8388608",
            description = "Piece bytes read from disk but not yet sent, per connection (default: ${DEFAULT-VALUE}).")
    private int pieceBytesInFlight;

    @Option(names = "--upload-slots-per-connection", paramLabel = "N", defaultValue = "128",
            description = "Pieces sent at once to one connection; more are answered busy (default: "
                    + "${DEFAULT-VALUE}).")
    private int uploadSlotsPerConnection;

    @Option(names = "--upload-slots", paramLabel = "N", defaultValue = "1024",
            description = "Pieces sent at once over all connections; more are answered busy (default: "
                    + "${DEFAULT-VALUE}).")
    private int uploadSlots;

    /** @throws IllegalArgumentException when a value is out of its range */
    QuicSettings quicSettings() {
        QuicSettings defaults = QuicSettings.defaults();
        return new QuicSettings(Duration.ofSeconds(idleTimeoutSeconds), maxRequestBytes,
                defaults.maxResponseHeaderBytes(), Duration.ofSeconds(requestTimeoutSeconds), maxStreams,
                defaults.connectionWindow(), defaults.streamWindow(), defaults.udpPayload(), defaults.maxUdpPayload());
    }

    /** @throws IllegalArgumentException when a value is out of its range */
    ServerLimits serverLimits() {
        return new ServerLimits(maxConnections, maxConnectionsPerAddress, pieceBytesInFlight,
                uploadSlotsPerConnection, uploadSlots);
    }
}
