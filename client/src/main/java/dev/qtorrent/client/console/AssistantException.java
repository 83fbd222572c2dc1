package dev.qtorrent.client.console;

/**
 * An {@link Assistant} could not answer: the service was unreachable, failed, or replied with something unusable.
 * The message is written for the user and never contains the API key.
 */
public final class AssistantException extends Exception {

    public AssistantException(String message) {
        super(message);
    }

    public AssistantException(String message, Throwable cause) {
        super(message, cause);
    }
}
