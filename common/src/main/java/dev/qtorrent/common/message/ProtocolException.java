package dev.qtorrent.common.message;

import java.time.Duration;

/**
 * A request that the tracker refuses, with the {@link ErrorCode} it answers. Thrown anywhere in the tracker's
 * stream pipeline and turned into one {@link ErrorResponse} by its error handler.
 */
public final class ProtocolException extends RuntimeException {
    private final ErrorCode code;
    private final Duration retryAfter;

    public ProtocolException(ErrorCode code, String detail) {
        super(detail);
        this.code = code;
        this.retryAfter = null;
    }

    public ProtocolException(ErrorCode code, String detail, Throwable cause) {
        super(detail, cause);
        this.code = code;
        this.retryAfter = null;
    }

    private ProtocolException(String detail, Duration retryAfter) {
        super(detail);
        this.code = ErrorCode.BUSY;
        this.retryAfter = retryAfter;
    }

    /** A {@link ErrorCode#BUSY} refusal, answered with {@code retry_after_ms}. */
    public static ProtocolException busy(String detail, Duration retryAfter) {
        return new ProtocolException(detail, retryAfter);
    }

    /** The answer to send for this refusal. */
    public ErrorResponse response() {
        return code == ErrorCode.BUSY ? ErrorResponse.busy(getMessage(), retryAfter == null ? Duration.ZERO
                : retryAfter) : ErrorResponse.of(code, getMessage());
    }

    public ErrorCode code() {
        return code;
    }
}
