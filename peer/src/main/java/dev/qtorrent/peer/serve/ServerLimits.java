package dev.qtorrent.peer.serve;

/**
 * Limits that keep one peer, or many, from taking the server's memory or its attention from everybody else. The
 * per-stream limits (request size and deadline, streams per connection, idle timeout) live in
 * {@link dev.qtorrent.common.quic.QuicSettings}; these are per connection and per server.
 *
 * <p>Upload slots and the in-flight budget work together: a slot admits a piece request or refuses it at once with
 * {@code busy}; the budget then paces the admitted pieces, delaying their reads from disk but refusing none.
 *
 * @param maxConnections           QUIC connections served at once, from everywhere
 * @param maxConnectionsPerAddress QUIC connections served at once from one IP address
 * @param pieceBytesInFlight       piece bytes read from disk but not yet handed to QUIC, per connection
 * @param uploadSlotsPerConnection pieces one connection may be sent at once; more are answered {@code busy}
 * @param uploadSlots              pieces sent at once over all connections; more are answered {@code busy}
 * @param maxUploadRate            piece bytes sent per second over all connections together, 0 for no limit; pieces
 *                                 over it are slowed down, none is refused (see {@link UploadRate})
 */
public record ServerLimits(int maxConnections, int maxConnectionsPerAddress, int pieceBytesInFlight,
                           int uploadSlotsPerConnection, int uploadSlots, long maxUploadRate) {
    /** Pieces one connection may be sent at once by default: QUIC's default stream limit, so one peer alone meets
     * {@code busy} only when the node's total is reached. */
    public static final int DEFAULT_UPLOAD_SLOTS_PER_CONNECTION = 128;
    public static final int DEFAULT_UPLOAD_SLOTS = 1024;

    public ServerLimits {
        if (maxConnections < 1 || maxConnectionsPerAddress < 1 || pieceBytesInFlight < 16 * 1024) {
            throw new IllegalArgumentException("connection limits must be at least 1 and piece bytes in flight at "
                    + "least 16 KiB");
        }
        if (uploadSlotsPerConnection < 1 || uploadSlots < 1) {
            throw new IllegalArgumentException("upload slots must be at least 1");
        }
        if (maxUploadRate < 0) {
            throw new IllegalArgumentException("the upload rate limit must be 0 (none) or more, got " + maxUploadRate);
        }
    }

    /** Limits without an upload rate limit. */
    public ServerLimits(int maxConnections, int maxConnectionsPerAddress, int pieceBytesInFlight,
                        int uploadSlotsPerConnection, int uploadSlots) {
        this(maxConnections, maxConnectionsPerAddress, pieceBytesInFlight, uploadSlotsPerConnection, uploadSlots, 0);
    }

    /** Limits with the default upload slots and no upload rate limit. */
    public ServerLimits(int maxConnections, int maxConnectionsPerAddress, int pieceBytesInFlight) {
        this(maxConnections, maxConnectionsPerAddress, pieceBytesInFlight, DEFAULT_UPLOAD_SLOTS_PER_CONNECTION,
                DEFAULT_UPLOAD_SLOTS);
    }

    public static ServerLimits defaults() {
        return new ServerLimits(4096, 128, 8 << 20);
    }

    /** These limits with other upload slots. */
    public ServerLimits withUploadSlots(int perConnection, int total) {
        return new ServerLimits(maxConnections, maxConnectionsPerAddress, pieceBytesInFlight, perConnection, total,
                maxUploadRate);
    }

    /** These limits with another upload rate limit in bytes per second, 0 for none. */
    public ServerLimits withMaxUploadRate(long bytesPerSecond) {
        return new ServerLimits(maxConnections, maxConnectionsPerAddress, pieceBytesInFlight,
                uploadSlotsPerConnection, uploadSlots, bytesPerSecond);
    }
}
