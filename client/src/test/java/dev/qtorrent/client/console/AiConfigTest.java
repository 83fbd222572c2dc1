package dev.qtorrent.client.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class AiConfigTest {

    private static final String ENV_URL = "http://env.example/v1/chat/completions";
    private static final String OPT_URL = "https://opt.example/v1/chat/completions";
    private static final Map<String, String> FULL_ENV = Map.of(
            AiConfig.URL_ENV, ENV_URL, AiConfig.MODEL_ENV, "env-model", AiConfig.KEY_ENV, "env-key");

    static Stream<Arguments> resolutions() {
        return Stream.of(
                Arguments.of("env only", FULL_ENV, null, null, null, ENV_URL, "env-model", "env-key"),
                Arguments.of("options only", Map.of(), OPT_URL, "opt-model", "opt-key", OPT_URL, "opt-model",
                        "opt-key"),
                Arguments.of("options override env", FULL_ENV, OPT_URL, "opt-model", "opt-key", OPT_URL,
                        "opt-model", "opt-key"),
                Arguments.of("option url, env model and key", FULL_ENV, OPT_URL, null, null, OPT_URL, "env-model",
                        "env-key"),
                Arguments.of("env url, option model", FULL_ENV, null, "opt-model", null, ENV_URL, "opt-model",
                        "env-key"),
                Arguments.of("blank option falls back to env", FULL_ENV, " ", "", "  ", ENV_URL, "env-model",
                        "env-key"),
                Arguments.of("no key anywhere", Map.of(AiConfig.URL_ENV, ENV_URL, AiConfig.MODEL_ENV, "m"), null,
                        null, null, ENV_URL, "m", null),
                Arguments.of("blank env key is no key",
                        Map.of(AiConfig.URL_ENV, ENV_URL, AiConfig.MODEL_ENV, "m", AiConfig.KEY_ENV, " "), null,
                        null, null, ENV_URL, "m", null),
                Arguments.of("values are trimmed", Map.of(), " " + OPT_URL + " ", " m ", " k ", OPT_URL, "m", "k"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resolutions")
    void resolvesOptionsOverEnvironment(String caseName, Map<String, String> env, String urlOption,
            String modelOption, String keyOption, String url, String model, String key) {
        AiConfig config = AiConfig.resolve(env, urlOption, modelOption, keyOption).orElseThrow();
        assertEquals(URI.create(url), config.endpoint());
        assertEquals(model, config.model());
        assertEquals(key, config.apiKey());
    }

    @Test
    void noUrlMeansNoAssistant() {
        Map<String, String> env = Map.of(AiConfig.MODEL_ENV, "m", AiConfig.KEY_ENV, "k");
        assertEquals(Optional.empty(), AiConfig.resolve(env, null, "opt-model", "opt-key"));
        assertEquals(Optional.empty(), AiConfig.resolve(Map.of(AiConfig.URL_ENV, " "), "", null, null));
    }

    @Test
    void urlWithoutModelIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AiConfig.resolve(Map.of(AiConfig.URL_ENV, ENV_URL), null, null, null));
        assertEquals("QTORRENT_AI_MODEL / --ai-model is required when an AI URL is set", e.getMessage());
    }

    @Test
    void malformedUrlNamesTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AiConfig.resolve(Map.of(), "http://bad host/v1", "m", null));
        assertTrue(e.getMessage().contains("--ai-url"), e.getMessage());
    }

    @ParameterizedTest(name = "rejects endpoint {0}")
    @CsvSource({
        "ftp://example.com/v1/chat/completions",
        "/v1/chat/completions",
        "localhost:11434/v1/chat/completions",
        "mailto:someone@example.com",
        "http:///v1/chat/completions",
    })
    void rejectsEndpointsThatAreNotHttpUrls(String endpoint) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AiConfig(URI.create(endpoint), "m", null));
        assertTrue(e.getMessage().contains("http"), e.getMessage());
    }

    @ParameterizedTest(name = "rejects model ''{0}''")
    @CsvSource(value = {"''", "'   '", "NULL"}, nullValues = "NULL")
    void rejectsBlankModel(String model) {
        assertThrows(IllegalArgumentException.class,
                () -> new AiConfig(URI.create(ENV_URL), model, null));
    }

    @Test
    void toStringHidesTheKey() {
        AiConfig config = new AiConfig(URI.create(ENV_URL), "m", "sk-secret");
        assertFalse(config.toString().contains("sk-secret"), config.toString());
        assertNull(new AiConfig(URI.create(ENV_URL), "m", "").apiKey());
    }
}
