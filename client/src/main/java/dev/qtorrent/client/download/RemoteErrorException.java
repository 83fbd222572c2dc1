package dev.qtorrent.client.download;

import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ErrorResponse;

/** The tracker refused a request with an error answer. */
public final class RemoteErrorException extends DownloadException {
    private final ErrorCode code;

    public RemoteErrorException(ErrorResponse response) {
        super("the tracker refused the request: " + response.error() + " (" + response.code() + ")");
        this.code = response.errorCode();
    }

    public ErrorCode code() {
        return code;
    }
}
