package dev.qtorrent.client.console;

/** Answers free-text questions typed into the console, typically by asking a language model. */
public interface Assistant {

    /** Returns the answer to {@code question}, or throws with a message that can be shown to the user as is. */
    String ask(String question) throws AssistantException;

    /** What the assistant remembers between questions, for /help, e.g. "remembers the last 10 exchanges". */
    default String memory() {
        return "takes each question on its own";
    }
}
