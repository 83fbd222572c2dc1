package dev.qtorrent.client.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChatHistoryTest {

    private static List<String> questions(ChatHistory history) {
        return history.exchanges().stream().map(ChatHistory.Exchange::question).toList();
    }

    @Test
    void keepsTheLastExchangesInOrder() {
        ChatHistory history = new ChatHistory(2, 1_000);
        history.add("q1", "a1");
        history.add("q2", "a2");
        history.add("q3", "a3");

        assertEquals(List.of("q2", "q3"), questions(history));
        assertEquals("a3", history.exchanges().get(1).answer());
    }

    @Test
    void dropsTheOldestToStayWithinTheCharacterBudget() {
        ChatHistory history = new ChatHistory(10, 20);
        history.add("q1", "12345678");
        history.add("q2", "12345678");
        assertEquals(List.of("q1", "q2"), questions(history));

        history.add("q3", "1");
        assertEquals(List.of("q2", "q3"), questions(history));
    }

    @Test
    void anExchangeLargerThanTheBudgetIsNotKept() {
        ChatHistory history = new ChatHistory(10, 20);
        history.add("q1", "a1");
        history.add("q2", "x".repeat(30));

        assertEquals(List.of(), history.exchanges());
        history.add("q3", "a3");
        assertEquals(List.of("q3"), questions(history));
    }

    @Test
    void zeroBoundsKeepNothingAndNegativeOnesAreRefused() {
        ChatHistory none = new ChatHistory(0, 1_000);
        none.add("q", "a");
        assertEquals(List.of(), none.exchanges());
        assertThrows(IllegalArgumentException.class, () -> new ChatHistory(-1, 10));
    }
}
