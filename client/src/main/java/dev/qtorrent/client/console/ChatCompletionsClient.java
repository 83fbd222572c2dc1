package dev.qtorrent.client.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link Assistant} backed by an OpenAI-compatible {@code /v1/chat/completions} endpoint (OpenAI, Ollama,
 * llama.cpp, vLLM, ...). Each question is sent after a fixed system prompt and the session's earlier exchanges, as
 * far back as its {@link ChatHistory} keeps them.
 */
public final class ChatCompletionsClient implements Assistant {

    private static final Logger LOG = LoggerFactory.getLogger(ChatCompletionsClient.class);

    static final String SYSTEM_PROMPT = "You are the help assistant built into the quic-torrent client, a "
            + "BitTorrent-style client that downloads files from a quic-torrent tracker over QUIC and verifies "
            + "every piece's SHA-1. In its console, '/download TORRENT [OUTPUT] [HOST] [PORT]' downloads a "
            + "torrent or magnet link, '/seed TORRENT [DATA]' serves a torrent's data to other peers until Ctrl-C, "
            + "'/info TORRENT' shows what a torrent holds, '/create SOURCE --tracker URL' "
            + "writes a torrent, '/help' lists commands and '/quit' leaves. Answer briefly, in plain text suitable "
            + "for a terminal.";

    private static final int EXCERPT_CHARS = 200;

    private final AiConfig config;
    private final Duration timeout;
    private final String displayUrl;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final ChatHistory history;

    /** A client that keeps the conversation within {@link ChatHistory#withDefaults()}. */
    public ChatCompletionsClient(AiConfig config, Duration timeout) {
        this(config, timeout, ChatHistory.withDefaults());
    }

    /**
     * @param config where to send questions
     * @param timeout limit for connecting and, separately, for receiving the response headers
     * @param history the conversation so far; each answered question is added to it
     */
    public ChatCompletionsClient(AiConfig config, Duration timeout, ChatHistory history) {
        this.config = Objects.requireNonNull(config, "config");
        this.history = Objects.requireNonNull(history, "history");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        this.displayUrl = displayUrl(config.endpoint());
        // HTTP/1.1 because the default h2c upgrade on plain http confuses some local model servers.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
    }

    @Override
    public String ask(String question) throws AssistantException {
        Objects.requireNonNull(question, "question");
        LOG.debug("Asking model {} at {}", config.model(), displayUrl);
        HttpResponse<String> response = send(buildRequest(question));
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            throw new AssistantException(redact("The AI service at " + displayUrl + " answered HTTP " + status + ": "
                    + errorExcerpt(response.body())));
        }
        String answer = answerFrom(response.body());
        // Only answered questions join the conversation; a failed one would leave a question without its answer.
        history.add(question, answer);
        return answer;
    }

    @Override
    public String memory() {
        return "remembers " + history.describe() + " of this session";
    }

    private HttpRequest buildRequest(String question) throws AssistantException {
        ObjectNode body = json.createObjectNode();
        body.put("model", config.model());
        ArrayNode messages = body.putArray("messages").add(message("system", SYSTEM_PROMPT));
        for (ChatHistory.Exchange earlier : history.exchanges()) {
            messages.add(message("user", earlier.question())).add(message("assistant", earlier.answer()));
        }
        messages.add(message("user", question));
        HttpRequest.Builder request = HttpRequest.newBuilder(config.endpoint())
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json");
        if (config.apiKey() != null) {
            request.header("Authorization", "Bearer " + config.apiKey());
        }
        try {
            String encoded = json.writeValueAsString(body);
            return request.POST(HttpRequest.BodyPublishers.ofString(encoded, StandardCharsets.UTF_8)).build();
        } catch (JsonProcessingException e) {
            throw new AssistantException("Cannot encode the question as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private ObjectNode message(String role, String content) {
        ObjectNode message = json.createObjectNode();
        message.put("role", role);
        message.put("content", content);
        return message;
    }

    private HttpResponse<String> send(HttpRequest request) throws AssistantException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw new AssistantException(
                    "The AI service at " + displayUrl + " did not accept a connection within " + seconds(timeout), e);
        } catch (HttpTimeoutException e) {
            throw new AssistantException(
                    "The AI service at " + displayUrl + " did not answer within " + seconds(timeout), e);
        } catch (ConnectException e) {
            throw new AssistantException("Cannot connect to the AI service at " + displayUrl
                    + " (connection refused or host unreachable): is it running?", e);
        } catch (IOException e) {
            throw new AssistantException(redact("Request to the AI service at " + displayUrl + " failed: " + e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssistantException("Interrupted while waiting for the AI service at " + displayUrl, e);
        }
    }

    private String answerFrom(String body) throws AssistantException {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new AssistantException(redact("The AI service at " + displayUrl
                    + " returned malformed JSON: " + excerpt(body)), e);
        }
        JsonNode content = root.path("choices").path(0).path("message").path("content");
        if (!content.isTextual()) {
            // Some servers report failures with status 200 and an error object, which says more than "missing".
            String error = errorMessage(root);
            throw new AssistantException(redact("The AI service at " + displayUrl + " returned no answer"
                    + (error != null ? ": " + error : " (choices[0].message.content is missing)")));
        }
        return content.asText().strip();
    }

    /** Prefers the service's own error message (OpenAI {@code error.message}) over a raw excerpt of the body. */
    private String errorExcerpt(String body) {
        try {
            String message = errorMessage(json.readTree(body));
            if (message != null) {
                return message;
            }
        } catch (JsonProcessingException e) {
            LOG.trace("Error body is not JSON", e);
        }
        return excerpt(body);
    }

    private static String errorMessage(JsonNode root) {
        if (root == null) {
            return null;
        }
        for (JsonNode candidate : new JsonNode[] {
                root.path("error").path("message"), root.path("error"), root.path("message"), root.path("detail")}) {
            if (candidate.isTextual() && !candidate.asText().isBlank()) {
                return excerpt(candidate.asText());
            }
        }
        return null;
    }

    private static String excerpt(String text) {
        if (text == null || text.isBlank()) {
            return "(empty body)";
        }
        String flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() <= EXCERPT_CHARS ? flat : flat.substring(0, EXCERPT_CHARS) + "...";
    }

    /** Servers sometimes echo the credentials they rejected; the key must never reach the terminal. */
    private String redact(String message) {
        String key = config.apiKey();
        return key == null ? message : message.replace(key, "***");
    }

    /** Drops user info and query from the URL, since either may carry credentials. */
    private static String displayUrl(URI endpoint) {
        try {
            return new URI(endpoint.getScheme(), null, endpoint.getHost(), endpoint.getPort(), endpoint.getPath(),
                    null, null).toString();
        } catch (URISyntaxException e) {
            return endpoint.getScheme() + "://" + endpoint.getHost();
        }
    }

    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
