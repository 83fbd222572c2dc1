package dev.qtorrent.client;

import java.io.BufferedReader;
import java.util.Map;

/**
 * What the commands need from the process around them, passed in so that tests can supply their own.
 *
 * @param in       standard input, for the console
 * @param env      environment variables
 * @param terminal whether standard input and output are an interactive terminal (prompts, progress lines)
 */
public record ClientContext(BufferedReader in, Map<String, String> env, boolean terminal) {
    public ClientContext {
        env = Map.copyOf(env);
    }
}
