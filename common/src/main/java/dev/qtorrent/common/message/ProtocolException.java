package dev.qtorrent.common.message;

/**
 * A request that the tracker refuses, with the {@link ErrorCode} it answers. Thrown anywhere in the tracker's
 * stream pipeline and turned into one {@link ErrorResponse} by its error handler.
 */
public final class ProtocolException extends RuntimeException {
    private final ErrorCode code;

    public ProtocolException(ErrorCode code, String detail) {
        super(detail);
        this.code = code;
    }

    public ProtocolException(ErrorCode code, String detail, Throwable cause) {
        super(detail, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
