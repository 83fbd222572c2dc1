package dev.qtorrent.client.console;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the console's AI assistant lives: an OpenAI-compatible chat-completions URL, the model to ask, and an
 * optional API key. {@link #toString()} masks the key so the record can be logged.
 *
 * @param endpoint absolute http or https URL of the chat-completions endpoint, e.g.
 *     {@code http://localhost:11434/v1/chat/completions}
 * @param model model name sent with every request
 * @param apiKey bearer token, or {@code null} when the service needs none (a blank key counts as none)
 */
public record AiConfig(URI endpoint, String model, String apiKey) {

    public static final String URL_ENV = "QTORRENT_AI_URL";
    public static final String MODEL_ENV = "QTORRENT_AI_MODEL";
    public static final String KEY_ENV = "QTORRENT_AI_KEY";

    public AiConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        String scheme = endpoint.getScheme();
        if (!endpoint.isAbsolute() || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
                || endpoint.getHost() == null) {
            throw new IllegalArgumentException(
                    "AI URL must be an absolute http:// or https:// URL with a host, got: " + endpoint);
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("AI model must not be blank");
        }
        model = model.strip();
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
    }

    /**
     * Builds the configuration from command-line options, falling back to the environment for each value that
     * has no option. There is no default model because no single model name works across services.
     *
     * @param env environment variables, usually {@code System.getenv()}
     * @param urlOption value of {@code --ai-url}, or {@code null}
     * @param modelOption value of {@code --ai-model}, or {@code null}
     * @param keyOption value of {@code --ai-key}, or {@code null}
     * @return empty when no URL is given anywhere, meaning the assistant is switched off
     * @throws IllegalArgumentException if the URL is malformed or a URL is given without a model
     */
    public static Optional<AiConfig> resolve(
            Map<String, String> env, String urlOption, String modelOption, String keyOption) {
        String url = pick(urlOption, env.get(URL_ENV));
        if (url == null) {
            return Optional.empty();
        }
        String model = pick(modelOption, env.get(MODEL_ENV));
        if (model == null) {
            throw new IllegalArgumentException(MODEL_ENV + " / --ai-model is required when an AI URL is set");
        }
        return Optional.of(new AiConfig(parse(url), model, pick(keyOption, env.get(KEY_ENV))));
    }

    @Override
    public String toString() {
        return "AiConfig[endpoint=" + endpoint + ", model=" + model + ", apiKey=" + (apiKey == null ? "none" : "***")
                + "]";
    }

    /** Returns the option when it has text, else the environment value when it has text, else null. */
    private static String pick(String option, String envValue) {
        if (option != null && !option.isBlank()) {
            return option.strip();
        }
        return envValue != null && !envValue.isBlank() ? envValue.strip() : null;
    }

    private static URI parse(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Invalid AI URL (" + URL_ENV + " / --ai-url): " + e.getMessage(), e);
        }
    }
}
