package dev.qtorrent.client.cli;

/** There is no way to check the tracker's certificate, and the user did not choose {@code --insecure}. */
public final class UntrustedTrackerException extends Exception {
    public UntrustedTrackerException(String message) {
        super(message);
    }
}
