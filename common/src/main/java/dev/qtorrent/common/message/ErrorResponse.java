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
 * @param retryAfterMs with codes {@code busy} and {@code unavailable} only, and required there: milliseconds to wait
 *                     before asking again
 * @param scope        with code {@code busy} only, optional: what the refusal covers, {@value #PIECE_SCOPE} for the
 *                     requested piece alone; absent (or a value this version does not know) for the whole node
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorResponse(
        @JsonProperty(value = "error", required = true) String error,
        @JsonProperty(value = "code", required = true) String code,
        @JsonProperty("retry_after_ms") Long retryAfterMs,
        @JsonProperty("scope") String scope) implements Response {

    /** The {@code scope} of a {@code busy} that covers only the piece asked for: other pieces may be asked at once. */
    public static final String PIECE_SCOPE = "piece";

    public ErrorResponse {
        if (error == null || code == null || code.isEmpty()) {
            throw new IllegalArgumentException("error and code are required");
        }
        boolean busy = ErrorCode.BUSY.wireName().equals(code);
        boolean retried = busy || ErrorCode.UNAVAILABLE.wireName().equals(code);
        if (retried && (retryAfterMs == null || retryAfterMs < 0)) {
            throw new IllegalArgumentException("retry_after_ms (0 or more) is required with code " + code);
        }
        if (!retried && retryAfterMs != null) {
            throw new IllegalArgumentException("retry_after_ms is only allowed with codes busy and unavailable");
        }
        if (scope != null && (!busy || scope.isEmpty())) {
            throw new IllegalArgumentException("scope is only allowed with code busy, and not empty");
        }
    }

    public ErrorResponse(String error, String code) {
        this(error, code, null, null);
    }

    /** A refusal with {@code code}; a {@code busy} one says to ask again at once (see {@link #busy}). */
    public static ErrorResponse of(ErrorCode code, String detail) {
        if (code == ErrorCode.BUSY) {
            return busy(detail, Duration.ZERO);
        }
        if (code == ErrorCode.UNAVAILABLE) {
            return unavailable(detail, Duration.ZERO);
        }
        return new ErrorResponse(detail == null || detail.isEmpty() ? code.description() : detail, code.wireName());
    }

    /** An {@code unavailable} refusal: the tracker cannot reach its swarm store; ask again after {@code retryAfter}. */
    public static ErrorResponse unavailable(String detail, Duration retryAfter) {
        return new ErrorResponse(detail == null || detail.isEmpty() ? ErrorCode.UNAVAILABLE.description() : detail,
                ErrorCode.UNAVAILABLE.wireName(), retryAfter.toMillis(), null);
    }

    /** A {@code busy} refusal: the node's upload slots are full; ask again after {@code retryAfter}. */
    public static ErrorResponse busy(String detail, Duration retryAfter) {
        return busy(detail, retryAfter, null);
    }

    /** A {@code busy} refusal of the piece asked for alone ({@code pieceOnly}) or of every piece. */
    public static ErrorResponse busy(String detail, Duration retryAfter, boolean pieceOnly) {
        return busy(detail, retryAfter, pieceOnly ? PIECE_SCOPE : null);
    }

    private static ErrorResponse busy(String detail, Duration retryAfter, String scope) {
        return new ErrorResponse(detail == null || detail.isEmpty() ? ErrorCode.BUSY.description() : detail,
                ErrorCode.BUSY.wireName(), retryAfter.toMillis(), scope);
    }

    /** Whether this is a {@code busy} that covers the piece asked for alone. */
    @JsonIgnore
    public boolean pieceOnly() {
        return PIECE_SCOPE.equals(scope);
    }

    @JsonIgnore
    public ErrorCode errorCode() {
        return ErrorCode.fromWireName(code);
    }
}
