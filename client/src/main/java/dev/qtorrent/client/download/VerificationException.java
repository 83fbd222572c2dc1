package dev.qtorrent.client.download;

/** A piece kept failing its SHA-1 check (or arriving damaged) after every allowed attempt. */
public final class VerificationException extends DownloadException {
    public VerificationException(String message) {
        super(message);
    }
}
