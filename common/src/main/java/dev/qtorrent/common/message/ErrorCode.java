package dev.qtorrent.common.message;

import java.util.Locale;

/**
 * The error codes a tracker sends in an {@link ErrorResponse}. The wire form is the lower-case name
 * ({@code unknown_info_hash}); docs/PROTOCOL.md lists them with their meaning.
 */
public enum ErrorCode {
    MALFORMED_JSON("the request is not a valid JSON object"),
    UNKNOWN_TYPE("the request's type is missing or not known"),
    INVALID_REQUEST("a field of the request is missing or has an invalid value"),
    REQUEST_TOO_LARGE("the request is larger than the limit"),
    REQUEST_TIMEOUT("the request was not finished in time"),
    UNKNOWN_INFO_HASH("this tracker does not serve that torrent"),
    PIECE_OUT_OF_RANGE("the piece index is outside the torrent"),
    PIECE_NOT_AVAILABLE("this node does not hold that piece"),
    CERTIFICATE_REQUIRED("the request needs a TLS client certificate"),
    NOT_LISTED("a private torrent is served only to peers its tracker listed in the swarm"),
    PEER_ID_IN_USE("another certificate holds this peer_id at this address"),
    BUSY("this node's upload slots are full; ask again after retry_after_ms"),
    UNAVAILABLE("the tracker cannot reach the store that keeps its swarms; ask again after retry_after_ms"),
    TOO_MANY_SUBSCRIPTIONS("this connection has as many have subscriptions as a node allows"),
    INTERNAL_ERROR("the tracker failed to answer");

    private final String description;

    ErrorCode(String description) {
        this.description = description;
    }

    /** A default human-readable message for the code. */
    public String description() {
        return description;
    }

    /** The code as it appears on the wire. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Maps a wire name back to a code; unknown names (from a newer tracker) map to {@link #INTERNAL_ERROR}. */
    public static ErrorCode fromWireName(String wire) {
        for (ErrorCode code : values()) {
            if (code.wireName().equals(wire)) {
                return code;
            }
        }
        return INTERNAL_ERROR;
    }
}
