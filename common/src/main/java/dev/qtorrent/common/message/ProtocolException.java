package dev.qtorrent.common.message;

import java.time.Duration;

/**
 * A request that the tracker refuses, with the {@link ErrorCode} it answers. Thrown anywhere in the tracker's
 * stream pipeline and turned into one {@link ErrorResponse} by its error handler.
 */
public final class ProtocolException extends RuntimeException {
    private final ErrorCode code;
    private final Duration retryAfter;
    private final boolean pieceOnly;

    public ProtocolException(ErrorCode code, String detail) {
        super(detail);
        this.code = code;
        this.retryAfter = null;
        this.pieceOnly = false;
    }

    public ProtocolException(ErrorCode code, String detail, Throwable cause) {
        super(detail, cause);
        this.code = code;
        this.retryAfter = null;
        this.pieceOnly = false;
    }

    private ProtocolException(ErrorCode code, String detail, Duration retryAfter, boolean pieceOnly, Throwable cause) {
        super(detail, cause);
        this.code = code;
        this.retryAfter = retryAfter;
        this.pieceOnly = pieceOnly;
    }

    /** A {@link ErrorCode#BUSY} refusal, answered with {@code retry_after_ms}. */
    public static ProtocolException busy(String detail, Duration retryAfter) {
        return new ProtocolException(ErrorCode.BUSY, detail, retryAfter, false, null);
    }

    /** A {@link ErrorCode#BUSY} refusal of the piece asked for alone: {@code "scope":"piece"}. */
    public static ProtocolException busyPiece(String detail, Duration retryAfter) {
        return new ProtocolException(ErrorCode.BUSY, detail, retryAfter, true, null);
    }

    /** An {@link ErrorCode#UNAVAILABLE} refusal, answered with {@code retry_after_ms}. */
    public static ProtocolException unavailable(String detail, Duration retryAfter, Throwable cause) {
        return new ProtocolException(ErrorCode.UNAVAILABLE, detail, retryAfter, false, cause);
    }

    /** The answer to send for this refusal. */
    public ErrorResponse response() {
        if (code == ErrorCode.UNAVAILABLE) {
            return ErrorResponse.unavailable(getMessage(), retryAfter == null ? Duration.ZERO : retryAfter);
        }
        return code == ErrorCode.BUSY ? ErrorResponse.busy(getMessage(), retryAfter == null ? Duration.ZERO
                : retryAfter, pieceOnly) : ErrorResponse.of(code, getMessage());
    }

    public ErrorCode code() {
        return code;
    }
}
