package dev.qtorrent.client.console;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The AI conversation of one console session, sent with every question so that follow-ups make sense. It is bounded
 * twice, because every exchange kept is sent (and paid for) again with each question and models have a context
 * limit: at most {@link #maxExchanges} exchanges, and at most {@link #maxChars} characters of them; the oldest go
 * first.
 */
public final class ChatHistory {
    /** The defaults the console uses, stated in its /help. */
    public static final int DEFAULT_EXCHANGES = 10;
    public static final int DEFAULT_CHARS = 16_000;

    /** One question and the answer to it. */
    public record Exchange(String question, String answer) {
        int chars() {
            return question.length() + answer.length();
        }
    }

    private final int maxExchanges;
    private final int maxChars;
    private final Deque<Exchange> exchanges = new ArrayDeque<>();
    private int chars;

    public ChatHistory(int maxExchanges, int maxChars) {
        if (maxExchanges < 0 || maxChars < 0) {
            throw new IllegalArgumentException("history bounds must not be negative");
        }
        this.maxExchanges = maxExchanges;
        this.maxChars = maxChars;
    }

    public static ChatHistory withDefaults() {
        return new ChatHistory(DEFAULT_EXCHANGES, DEFAULT_CHARS);
    }

    /** Keeps an exchange, dropping the oldest ones until both bounds hold; one larger than the budget is not kept. */
    public synchronized void add(String question, String answer) {
        Exchange exchange = new Exchange(question, answer);
        exchanges.addLast(exchange);
        chars += exchange.chars();
        while (!exchanges.isEmpty() && (exchanges.size() > maxExchanges || chars > maxChars)) {
            chars -= exchanges.removeFirst().chars();
        }
    }

    /** The exchanges kept, oldest first. */
    public synchronized List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    /** Says how far back the conversation reaches, for /help. */
    public String describe() {
        return String.format("the last %d exchanges, up to %,d characters", maxExchanges, maxChars);
    }
}
