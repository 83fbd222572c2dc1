package dev.qtorrent.common.quic;

import java.io.IOException;

/** No QUIC connection to another node could be made: nothing answered, the handshake failed, or it was refused. */
public final class NodeUnreachableException extends IOException {
    public NodeUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
