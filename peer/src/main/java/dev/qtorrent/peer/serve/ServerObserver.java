package dev.qtorrent.peer.serve;

/**
 * What a {@link NodeServer} tells about its work as it goes: connections, streams, requests and the piece bytes it
 * sends, for a program that keeps metrics. Every method runs on the event loop, so an implementation must be quick
 * and must not block; none of them is called per datagram. The default does nothing.
 */
public interface ServerObserver {
    /** The code of a request answered as asked. */
    String OK = "ok";
    /** The type of a request that never decoded into one (malformed, too large, too slow). */
    String INVALID = "invalid";
    /** The code of a request whose stream ended before its answer was complete (cancelled, reset, gone). */
    String ABANDONED = "abandoned";

    /** Observes nothing: the server's default. */
    ServerObserver NONE = new ServerObserver() {
    };

    /** A QUIC connection was admitted. */
    default void connectionOpened() {
    }

    /** An admitted connection ended. */
    default void connectionClosed() {
    }

    /** A connection was closed at once for being over the connection limits. */
    default void connectionRefused() {
    }

    /** A request stream was opened by the other side. */
    default void streamOpened() {
    }

    /** A request stream ended, answered or not. */
    default void streamClosed() {
    }

    /**
     * A request was read and decoded, about to be answered.
     *
     * @param type the request's wire type, e.g. {@code announce}
     */
    default void requestReceived(String type) {
    }

    /**
     * A request's answer was handed to QUIC whole, or the request ended without one; called once per request stream.
     *
     * @param type  the request's wire type, or {@link #INVALID} when it never decoded into one
     * @param code  {@link #OK}, an error code's wire name ({@code unknown_info_hash}), or
     *              {@link #ABANDONED} when the stream ended before an answer was complete
     * @param nanos the time from the stream's opening to that moment
     */
    default void requestAnswered(String type, String code, long nanos) {
    }

    /** QUIC took {@code bytes} more of a piece to send; each torrent counts its own in {@link ServedTorrent#sent}. */
    default void pieceBytesSent(int bytes) {
    }

    /** Every byte of one piece went to QUIC. */
    default void pieceSent() {
    }
}
