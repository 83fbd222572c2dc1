package dev.qtorrent.common.message;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer to any request that failed.
 *
 * @param error a human-readable explanation
 * @param code  a stable machine-readable code, see {@link ErrorCode#wireName()}
 */
public record ErrorResponse(
        @JsonProperty(value = "error", required = true) String error,
        @JsonProperty(value = "code", required = true) String code) implements Response {

    public ErrorResponse {
        if (error == null || code == null || code.isEmpty()) {
            throw new IllegalArgumentException("error and code are required");
        }
    }

    public static ErrorResponse of(ErrorCode code, String detail) {
        return new ErrorResponse(detail == null || detail.isEmpty() ? code.description() : detail, code.wireName());
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public ErrorCode errorCode() {
        return ErrorCode.fromWireName(code);
    }
}
