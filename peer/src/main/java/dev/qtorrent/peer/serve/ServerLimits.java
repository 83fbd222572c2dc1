package dev.qtorrent.peer.serve;

/**
 * Limits that keep one peer, or many, from taking the server's memory or its attention from everybody else. The
 * per-stream limits (request size and deadline, streams per connection, idle timeout) live in
 * {@link dev.qtorrent.common.quic.QuicSettings}; these are per connection and per server.
 *
 * @param maxConnections           QUIC connections served at once, from everywhere
 * @param maxConnectionsPerAddress QUIC connections served at once from one IP address
 * @param pieceBytesInFlight       piece bytes read from disk but not yet handed to QUIC, per connection
 */
public record ServerLimits(int maxConnections, int maxConnectionsPerAddress, int pieceBytesInFlight) {
    public ServerLimits {
        if (maxConnections < 1 || maxConnectionsPerAddress < 1 || pieceBytesInFlight < 16 * 1024) {
            throw new IllegalArgumentException("connection limits must be at least 1 and piece bytes in flight at "
                    + "least 16 KiB");
        }
    }

    public static ServerLimits defaults() {
        return new ServerLimits(4096, 128, 8 << 20);
    }
}
