package dev.qtorrent.client.download;

import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ErrorResponse;

/** A node (the tracker or a peer) refused a request with an error answer, or no node can serve what is needed. */
public final class RemoteErrorException extends DownloadException {
    private final ErrorCode code;
    private final long retryAfterMs;
    private final boolean pieceOnly;

    public RemoteErrorException(ErrorResponse response) {
        this(response, "the tracker");
    }

    /** @param sender who refused, for the message: "the tracker", "peer … at …" */
    public RemoteErrorException(ErrorResponse response, String sender) {
        super(sender + " refused the request: " + response.error() + " (" + response.code() + ")");
        this.code = response.errorCode();
        this.retryAfterMs = response.retryAfterMs() == null ? 0 : response.retryAfterMs();
        this.pieceOnly = response.pieceOnly();
    }

    /** No node will serve what the download needs, for the reason {@code message} gives. */
    RemoteErrorException(String message, ErrorCode code) {
        super(message);
        this.code = code;
        this.retryAfterMs = 0;
        this.pieceOnly = false;
    }

    /** With {@link ErrorCode#BUSY}: how long the node asked us to wait before asking again. */
    public long retryAfterMs() {
        return retryAfterMs;
    }

    /** With {@link ErrorCode#BUSY}: whether it covers only the piece asked for, not the whole node. */
    public boolean pieceOnly() {
        return pieceOnly;
    }

    public ErrorCode code() {
        return code;
    }
}
