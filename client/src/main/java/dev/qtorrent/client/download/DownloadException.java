package dev.qtorrent.client.download;

/** A download that cannot complete; the message is meant for the user. */
public class DownloadException extends Exception {
    public DownloadException(String message) {
        super(message);
    }

    public DownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
