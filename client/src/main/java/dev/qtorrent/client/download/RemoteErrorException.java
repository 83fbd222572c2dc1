package dev.qtorrent.client.download;

import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ErrorResponse;

/** The tracker refused a request with an error answer. */
public final class RemoteErrorException extends DownloadException {
    private final ErrorCode code;
    private final long retryAfterMs;

    public RemoteErrorException(ErrorResponse response) {
        super("the tracker refused the request: " + response.error() + " (" + response.code() + ")");
        this.code = response.errorCode();
        this.retryAfterMs = response.retryAfterMs() == null ? 0 : response.retryAfterMs();
    }

    /** With {@link ErrorCode#BUSY}: how long the node asked us to wait before asking again. */
    public long retryAfterMs() {
        return retryAfterMs;
    }

    public ErrorCode code() {
        return code;
    }
}
