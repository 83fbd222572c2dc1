package dev.qtorrent.client.cli;

/** Arguments that parse but do not make sense together. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
