package dev.qtorrent.common.quic;

import java.io.IOException;

/** No QUIC connection to the tracker could be made: nothing answered, the handshake failed, or it was refused. */
public final class TrackerUnreachableException extends IOException {
    public TrackerUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
