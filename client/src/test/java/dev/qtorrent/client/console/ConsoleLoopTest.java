package dev.qtorrent.client.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(10)
class ConsoleLoopTest {

    /** Records every subcommand the console runs and answers with a fixed exit code. */
    private static final class RecordingRunner implements CommandRunner {
        private final List<List<String>> calls = new ArrayList<>();
        private final int exitCode;

        RecordingRunner(int exitCode) {
            this.exitCode = exitCode;
        }

        @Override
        public int run(String... args) {
            calls.add(List.of(args));
            return exitCode;
        }
    }

    /** The outcome of one scripted session. */
    private record Session(int exitCode, String out, String err, List<List<String>> calls) {

        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private static Session run(String script, CommandRunner runner, Optional<Assistant> assistant,
            boolean interactive, List<List<String>> calls) {
        return run(new StringReader(script), runner, assistant, interactive, calls);
    }

    private static Session run(Reader script, CommandRunner runner, Optional<Assistant> assistant,
            boolean interactive, List<List<String>> calls) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new ConsoleLoop(new BufferedReader(script), new PrintWriter(out), new PrintWriter(err), runner,
                assistant, interactive).run();
        return new Session(code, out.toString(), err.toString(), calls);
    }

    private static Session run(String script) {
        RecordingRunner runner = new RecordingRunner(0);
        return run(script, runner, Optional.empty(), false, runner.calls);
    }

    @Test
    void helpListsCommandsAndAssistantState() {
        Session session = run("/help\n");
        for (String command : List.of("/download", "/info", "/create", "/help", "/quit")) {
            assertTrue(session.out().contains("  " + command), session.out());
        }
        assertTrue(session.out().contains("exit code is that of the last command that failed"), session.out());
        assertTrue(session.out().contains("/quit"), session.out());
        assertTrue(session.out().contains("AI assistant (not configured)"), session.out());
        assertTrue(session.out().contains("QTORRENT_AI_URL"), session.out());
        assertEquals("", session.err());
    }

    /** The argument names come from the runner, that is from the subcommands themselves. */
    @Test
    void helpShowsTheArgumentsTheRunnerNames() {
        CommandRunner runner = new CommandRunner() {
            @Override
            public int run(String... args) {
                return 0;
            }

            @Override
            public String usage(String name) {
                return name.equals("download") ? "TORRENT [OUTPUT] [HOST] [PORT] [OPTIONS]" : "X";
            }
        };
        Session session = run("/help\n", runner, Optional.empty(), false, List.of());
        assertTrue(session.out().contains("  /download TORRENT [OUTPUT] [HOST] [PORT] [OPTIONS]  download"),
                session.out());
        assertTrue(session.out().contains("  /info X "), session.out());
    }

    @Test
    void helpSaysWhenAssistantIsConfigured() {
        RecordingRunner runner = new RecordingRunner(0);
        Session session = run("/help\n", runner, Optional.of(question -> "unused"), false, runner.calls);
        assertTrue(session.out().contains("AI assistant (configured)"), session.out());
    }

    static Stream<Arguments> commandLines() {
        return Stream.of(
                Arguments.of("/download a.torrent out.txt 127.0.0.1 7001",
                        List.of("download", "a.torrent", "out.txt", "127.0.0.1", "7001")),
                Arguments.of("/download a.torrent", List.of("download", "a.torrent")),
                Arguments.of("/download", List.of("download")),
                Arguments.of("/info a.torrent", List.of("info", "a.torrent")),
                Arguments.of("/create data -t quic://h:1 --pin ab", List.of("create", "data", "-t", "quic://h:1",
                        "--pin", "ab")),
                Arguments.of("/download --help", List.of("download", "--help")),
                Arguments.of("   /download   a.torrent   ", List.of("download", "a.torrent")),
                Arguments.of("/download \"my file.torrent\" 'out dir/x.txt'",
                        List.of("download", "my file.torrent", "out dir/x.txt")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commandLines")
    void forwardsSubcommandsToRunner(String line, List<String> expectedArgs) {
        Session session = run(line + "\n");
        assertEquals(List.of(expectedArgs), session.calls());
        assertEquals(0, session.exitCode());
    }

    @Test
    void unknownCommandIsOneErrorLineAndLoopContinues() {
        Session session = run("/foo bar\n/download a.torrent\n");
        assertEquals(1, session.errLines().size(), session.err());
        assertTrue(session.err().contains("/foo"), session.err());
        assertTrue(session.err().contains("/help"), session.err());
        assertEquals(List.of(List.of("download", "a.torrent")), session.calls());
    }

    @Test
    void unterminatedQuoteIsReportedAndLoopContinues() {
        Session session = run("/download \"a.torrent\n/download b.torrent\n");
        assertEquals(1, session.errLines().size(), session.err());
        assertTrue(session.err().startsWith("Unterminated"), session.err());
        assertEquals(List.of(List.of("download", "b.torrent")), session.calls());
    }

    @Test
    void failingCommandDoesNotEndLoop() {
        RecordingRunner runner = new RecordingRunner(4);
        Session session = run("/download a\n/download b\n", runner, Optional.empty(), false, runner.calls);
        assertEquals(List.of(List.of("download", "a"), List.of("download", "b")), session.calls());
        assertEquals(4, session.exitCode());
    }

    /** A script piped in ends with the code of its last failure, even when later commands succeed. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void exitCodeIsTheLastFailures(String label, String script, List<Integer> codes, int expected) {
        Iterator<Integer> next = codes.iterator();
        List<List<String>> calls = new ArrayList<>();
        CommandRunner runner = args -> {
            calls.add(List.of(args));
            return next.next();
        };
        assertEquals(expected, run(script, runner, Optional.empty(), false, calls).exitCode());
    }

    static Stream<Arguments> scripts() {
        return Stream.of(
                Arguments.of("all succeed", "/download a\n/info a\n", List.of(0, 0), 0),
                Arguments.of("one failure", "/download a\n", List.of(3), 3),
                Arguments.of("a success after a failure", "/download a\n/info a\n", List.of(6, 0), 6),
                Arguments.of("two failures: the last one", "/download a\n/download b\n", List.of(6, 4), 4),
                Arguments.of("/quit keeps it", "/download a\n/quit\n/download b\n", List.of(7, 0), 7),
                Arguments.of("an unknown command is a usage error", "/download a\n/nope\n", List.of(4),
                        ConsoleLoop.USAGE_EXIT_CODE),
                Arguments.of("an unclosed quote is a usage error", "/download 'a\n", List.of(),
                        ConsoleLoop.USAGE_EXIT_CODE));
    }

    @Test
    void throwingCommandIsReportedAndLoopContinues() {
        List<List<String>> calls = new ArrayList<>();
        CommandRunner runner = args -> {
            calls.add(List.of(args));
            throw new IllegalStateException("tracker gone");
        };
        Session session = run("/download a\n/download b\n", runner, Optional.empty(), false, calls);
        assertEquals(2, session.calls().size());
        assertTrue(session.err().contains("tracker gone"), session.err());
        assertEquals(ConsoleLoop.FAILED_EXIT_CODE, session.exitCode());
    }

    @Test
    void questionWithoutAssistantPrintsHowToConfigure() {
        Session session = run("how do I download?\n");
        assertEquals(List.of(ConsoleLoop.NO_ASSISTANT), session.errLines());
        assertTrue(session.err().contains("QTORRENT_AI_MODEL") && session.err().contains("--ai-key"), session.err());
        assertEquals("", session.out());
    }

    @Test
    void questionIsAnsweredByChatCompletionsService() throws IOException {
        try (FakeChatServer server = FakeChatServer.answering(200, FakeChatServer.completion("Type /download."))) {
            Assistant assistant = new ChatCompletionsClient(
                    new AiConfig(server.endpoint(), "tiny", null), Duration.ofSeconds(2));
            RecordingRunner runner = new RecordingRunner(0);
            Session session = run("  how do I \"download\"?  \n", runner, Optional.of(assistant), false,
                    runner.calls);

            assertEquals("Type /download.", session.out().strip());
            assertEquals("", session.err());
            assertTrue(server.requests().get(0).body().contains("how do I \\\"download\\\"?"),
                    server.requests().get(0).body());
        }
    }

    /** The second question is sent with the first exchange, so a follow-up question makes sense. */
    @Test
    void conversationIsKeptForTheSession() throws IOException {
        try (FakeChatServer server = FakeChatServer.answering(200, FakeChatServer.completion("An answer."))) {
            Assistant assistant = new ChatCompletionsClient(
                    new AiConfig(server.endpoint(), "tiny", null), Duration.ofSeconds(2));
            RecordingRunner runner = new RecordingRunner(0);
            Session session = run("what is a piece?\nand how big is one?\n", runner, Optional.of(assistant), false,
                    runner.calls);

            assertEquals("", session.err());
            JsonNode first = new ObjectMapper().readTree(server.requests().get(0).body()).path("messages");
            JsonNode second = new ObjectMapper().readTree(server.requests().get(1).body()).path("messages");
            assertEquals(2, first.size(), first.toString());
            assertEquals(List.of("system", "user", "assistant", "user"), roles(second));
            assertEquals("what is a piece?", second.path(1).path("content").asText());
            assertEquals("An answer.", second.path(2).path("content").asText());
            assertEquals("and how big is one?", second.path(3).path("content").asText());
            assertEquals(first.path(0), second.path(0));
        }
    }

    @Test
    void helpSaysHowMuchOfTheConversationIsKept() throws IOException {
        Assistant assistant = new ChatCompletionsClient(
                new AiConfig(java.net.URI.create("http://127.0.0.1:9/v1/chat/completions"), "tiny", null),
                Duration.ofSeconds(2), new ChatHistory(3, 500));
        Session session = run("/help\n", new RecordingRunner(0), Optional.of(assistant), false, List.of());
        assertTrue(session.out().contains("remembers the last 3 exchanges, up to 500 characters of this session"),
                session.out());
    }

    /** Escape sequences in an answer could clear the screen or retitle the window; they are not printed. */
    @Test
    void answerIsPrintedWithoutControlSequences() throws IOException {
        String raw = "\\u001b[2J\\u001b]0;title\\u0007Done.\\u001b[31m Really\\u001b[0m.";
        try (FakeChatServer server = FakeChatServer.answering(200, FakeChatServer.completion(raw))) {
            Assistant assistant = new ChatCompletionsClient(
                    new AiConfig(server.endpoint(), "tiny", null), Duration.ofSeconds(2));
            RecordingRunner runner = new RecordingRunner(0);
            Session session = run("hi\n", runner, Optional.of(assistant), false, runner.calls);

            assertEquals("Done. Really." + System.lineSeparator(), session.out());
            assertEquals("", session.err());
        }
    }

    private static List<String> roles(JsonNode messages) {
        List<String> roles = new ArrayList<>();
        messages.forEach(message -> roles.add(message.path("role").asText()));
        return roles;
    }

    @Test
    void assistantFailureIsReportedAndLoopContinues() {
        Assistant failing = question -> {
            throw new AssistantException("The AI service at http://x answered HTTP 500: boom");
        };
        RecordingRunner runner = new RecordingRunner(0);
        Session session = run("why?\n/download a\n", runner, Optional.of(failing), false, runner.calls);
        assertEquals(List.of("The AI service at http://x answered HTTP 500: boom"), session.errLines());
        assertEquals(1, session.calls().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/quit", "/exit", "  /quit now  "})
    void quitStopsBeforeLaterLines(String quit) {
        Session session = run("/download a\n" + quit + "\n/download b\nquestion\n");
        assertEquals(List.of(List.of("download", "a")), session.calls());
        assertEquals(0, session.exitCode());
        assertEquals("", session.err());
    }

    @Test
    void endOfInputEndsWithZero() {
        Session session = run("/download a\n\n   \n");
        assertEquals(0, session.exitCode());
        assertEquals(1, session.calls().size());
        assertEquals("", session.err());
    }

    @Test
    void nonInteractiveModePrintsNoBannerOrPrompt() {
        Session session = run("/download a\n");
        assertEquals("", session.out());
        assertFalse(session.out().contains(ConsoleLoop.PROMPT));
    }

    @Test
    void interactiveModePrintsBannerAndPromptPerLine() {
        RecordingRunner runner = new RecordingRunner(0);
        Session session = run("/download a\n", runner, Optional.empty(), true, runner.calls);
        String nl = System.lineSeparator();
        assertEquals(ConsoleLoop.BANNER + nl + ConsoleLoop.PROMPT + ConsoleLoop.PROMPT + nl, session.out());
    }

    @Test
    void readFailureEndsWithOne() {
        Reader broken = new Reader() {
            @Override
            public int read(char[] buffer, int offset, int length) throws IOException {
                throw new IOException("stdin closed");
            }

            @Override
            public void close() {
            }
        };
        RecordingRunner runner = new RecordingRunner(0);
        Session session = run(broken, runner, Optional.empty(), false, runner.calls);
        assertEquals(1, session.exitCode());
        assertTrue(session.err().contains("stdin closed"), session.err());
    }
}
