package dev.qtorrent.common.message;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * The answer to any request that failed.
 *
 * @param error        a human-readable explanation
 * @param code         a stable machine-readable code, see {@link ErrorCode#wireName()}
 * @param retryAfterMs with code {@code busy} only, and required there: milliseconds to wait before asking again
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorResponse(
        @JsonProperty(value = "error", required = true) String error,
        @JsonProperty(value = "code", required = true) String code,
        @JsonProperty("retry_after_ms") Long retryAfterMs) implements Response {

    public ErrorResponse {
        if (error == null || code == null || code.isEmpty()) {
            throw new IllegalArgumentException("error and code are required");
        }
        boolean busy = ErrorCode.BUSY.wireName().equals(code);
        if (busy && (retryAfterMs == null || retryAfterMs < 0)) {
            throw new IllegalArgumentException("retry_after_ms (0 or more) is required with code busy");
        }
        if (!busy && retryAfterMs != null) {
            throw new IllegalArgumentException("retry_after_ms is only allowed with code busy");
        }
    }

    public ErrorResponse(String error, String code) {
        this(error, code, null);
    }

    /** A refusal with {@code code}; a {@code busy} one says to ask again at once (see {@link #busy}). */
    public static ErrorResponse of(ErrorCode code, String detail) {
        if (code == ErrorCode.BUSY) {
            return busy(detail, Duration.ZERO);
        }
        return new ErrorResponse(detail == null || detail.isEmpty() ? code.description() : detail, code.wireName());
    }

    /** A {@code busy} refusal: the node's upload slots are full; ask again after {@code retryAfter}. */
    public static ErrorResponse busy(String detail, Duration retryAfter) {
        return new ErrorResponse(detail == null || detail.isEmpty() ? ErrorCode.BUSY.description() : detail,
                ErrorCode.BUSY.wireName(), retryAfter.toMillis());
    }

    @JsonIgnore
    public ErrorCode errorCode() {
        return ErrorCode.fromWireName(code);
    }
}
