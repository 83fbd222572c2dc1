package dev.qtorrent.common.metainfo;

/**
 * A torrent file that cannot be used. The message is meant for the user as is: it says what is wrong and, when the
 * torrent came from a file, starts with that file's path.
 */
public final class MetainfoException extends RuntimeException {

    public MetainfoException(String message) {
        super(message);
    }

    public MetainfoException(String message, Throwable cause) {
        super(message, cause);
    }
}
