package dev.qtorrent.client.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(10)
class ChatCompletionsClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void postsTheQuestionAndReturnsTheAnswer() throws Exception {
        try (FakeChatServer server = FakeChatServer.answering(200, FakeChatServer.completion("Use /download."))) {
            Assistant assistant = new ChatCompletionsClient(new AiConfig(server.endpoint(), "tiny", "sk-test"), TIMEOUT);

            assertEquals("Use /download.", assistant.ask("How do I fetch a file?"));

            FakeChatServer.Recorded request = server.requests().get(0);
            assertEquals("POST", request.method());
            assertEquals(FakeChatServer.PATH, request.path());
            assertTrue(request.header("Content-Type").startsWith("application/json"), request.header("Content-Type"));
            assertEquals("Bearer sk-test", request.header("Authorization"));
            JsonNode body = new ObjectMapper().readTree(request.body());
            assertEquals("tiny", body.path("model").asText());
            assertEquals("system", body.path("messages").path(0).path("role").asText());
            assertTrue(body.path("messages").path(0).path("content").asText().contains("quic-torrent"));
            assertEquals("user", body.path("messages").path(1).path("role").asText());
            assertEquals("How do I fetch a file?", body.path("messages").path(1).path("content").asText());
        }
    }

    @Test
    void sendsNoAuthorizationWithoutKey() throws Exception {
        try (FakeChatServer server = FakeChatServer.answering(200, FakeChatServer.completion("hi"))) {
            new ChatCompletionsClient(new AiConfig(server.endpoint(), "tiny", null), TIMEOUT).ask("hello");
            assertNull(server.requests().get(0).header("Authorization"));
        }
    }

    /** Only the exchanges the history keeps are sent again: here one, so the oldest drops out. */
    @Test
    void sendsTheBoundedHistoryBeforeTheQuestion() throws Exception {
        try (FakeChatServer server = FakeChatServer.answering(200, FakeChatServer.completion("ok"))) {
            Assistant assistant = new ChatCompletionsClient(new AiConfig(server.endpoint(), "tiny", null), TIMEOUT,
                    new ChatHistory(1, 1_000));
            assistant.ask("first");
            assistant.ask("second");
            assistant.ask("third");

            JsonNode messages = new ObjectMapper().readTree(server.requests().get(2).body()).path("messages");
            assertEquals(4, messages.size(), messages.toString());
            assertEquals("system", messages.path(0).path("role").asText());
            assertEquals("second", messages.path(1).path("content").asText());
            assertEquals("assistant", messages.path(2).path("role").asText());
            assertEquals("ok", messages.path(2).path("content").asText());
            assertEquals("third", messages.path(3).path("content").asText());
        }
    }

    /** A question that got no answer is not sent again as if it had been answered. */
    @Test
    void failedQuestionIsNotKept() throws Exception {
        ChatHistory history = new ChatHistory(5, 1_000);
        try (FakeChatServer server = FakeChatServer.answering(500, "{\"error\":{\"message\":\"boom\"}}")) {
            Assistant assistant = new ChatCompletionsClient(new AiConfig(server.endpoint(), "tiny", null), TIMEOUT,
                    history);
            assertThrows(AssistantException.class, () -> assistant.ask("lost"));
        }
        assertEquals(java.util.List.of(), history.exchanges());
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("server error with OpenAI error object", 500, "{\"error\":{\"message\":\"boom\"}}",
                        new String[] {"500", "boom"}),
                Arguments.of("error body that is not JSON", 502, "<html>Bad   gateway</html>",
                        new String[] {"502", "<html>Bad gateway</html>"}),
                Arguments.of("error with empty body", 404, "", new String[] {"404", "(empty body)"}),
                Arguments.of("garbage instead of JSON", 200, "this is not json", new String[] {"malformed JSON",
                        "this is not json"}),
                Arguments.of("JSON without choices", 200, "{\"object\":\"chat.completion\"}",
                        new String[] {"no answer", "choices[0].message.content"}),
                Arguments.of("null content", 200, "{\"choices\":[{\"message\":{\"content\":null}}]}",
                        new String[] {"no answer"}),
                Arguments.of("error object with status 200", 200, "{\"error\":\"model not loaded\"}",
                        new String[] {"no answer", "model not loaded"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void reportsUnusableResponses(String caseName, int status, String body, String[] expectedParts)
            throws IOException {
        try (FakeChatServer server = FakeChatServer.answering(status, body)) {
            Assistant assistant = new ChatCompletionsClient(new AiConfig(server.endpoint(), "tiny", null), TIMEOUT);
            AssistantException e = assertThrows(AssistantException.class, () -> assistant.ask("q"));
            assertTrue(e.getMessage().contains(server.endpoint().toString()), e.getMessage());
            for (String part : expectedParts) {
                assertTrue(e.getMessage().contains(part), () -> "'" + part + "' missing in: " + e.getMessage());
            }
        }
    }

    @Test
    void neverShowsTheKeyEvenWhenTheServerEchoesIt() throws IOException {
        String body = "{\"error\":{\"message\":\"Incorrect API key provided: sk-secret\"}}";
        try (FakeChatServer server = FakeChatServer.answering(401, body)) {
            Assistant assistant =
                    new ChatCompletionsClient(new AiConfig(server.endpoint(), "tiny", "sk-secret"), TIMEOUT);
            AssistantException e = assertThrows(AssistantException.class, () -> assistant.ask("q"));
            assertTrue(e.getMessage().contains("401"), e.getMessage());
            assertFalse(e.getMessage().contains("sk-secret"), e.getMessage());
        }
    }

    @Test
    void unreachableServiceNamesTheUrl() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        URI endpoint = URI.create("http://127.0.0.1:" + port + "/v1/chat/completions");
        Assistant assistant = new ChatCompletionsClient(new AiConfig(endpoint, "tiny", null), TIMEOUT);

        AssistantException e = assertThrows(AssistantException.class, () -> assistant.ask("q"));
        assertTrue(e.getMessage().contains(endpoint.toString()), e.getMessage());
    }

    @Test
    void urlInMessagesDropsQueryAndUserInfo() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        URI endpoint = URI.create("http://user:pw@127.0.0.1:" + port + "/v1/chat/completions?key=secret");
        Assistant assistant = new ChatCompletionsClient(new AiConfig(endpoint, "tiny", null), TIMEOUT);

        AssistantException e = assertThrows(AssistantException.class, () -> assistant.ask("q"));
        assertTrue(e.getMessage().contains("http://127.0.0.1:" + port + "/v1/chat/completions"), e.getMessage());
        assertFalse(e.getMessage().contains("secret") || e.getMessage().contains("pw"), e.getMessage());
    }
}
