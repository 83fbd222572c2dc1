package dev.qtorrent.common.quic;

import java.io.IOException;

/**
 * A node answered, but not as the protocol says: no header line, bytes after the answer, an answer too large or
 * a header that does not decode. Unlike a lost stream, asking again would not help.
 */
public final class MalformedAnswerException extends IOException {
    public MalformedAnswerException(String message) {
        super(message);
    }

    public MalformedAnswerException(String message, Throwable cause) {
        super(message, cause);
    }
}
