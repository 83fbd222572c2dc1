package dev.qtorrent.tracker.swarm.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The Lua scripts that change and read swarms in Redis, each one atomic. They are loaded when the store starts and
 * run by their SHA-1 (EVALSHA); a Redis that has forgotten them (restarted, or SCRIPT FLUSH) answers NOSCRIPT, and
 * the script is then sent whole once (EVAL), which loads it again.
 */
final class SwarmScripts {
    /** The scripts, each with the shared part (common.lua) first. */
    enum Script {
        ANNOUNCE("announce.lua"), TEND("tend.lua"), LOAD("load.lua"), LOOK("look.lua"), SWEEP("sweep.lua");

        private final String body;

        Script(String file) {
            this.body = read("common.lua") + "\n" + read(file);
        }
    }

    private final RedisAsyncCommands<byte[], byte[]> redis;
    private final String[] shas = new String[Script.values().length];

    private SwarmScripts(RedisAsyncCommands<byte[], byte[]> redis) {
        this.redis = redis;
    }

    /** Loads every script into Redis, waiting for it: done once, at start. */
    static SwarmScripts load(RedisCommands<byte[], byte[]> sync, RedisAsyncCommands<byte[], byte[]> async) {
        SwarmScripts scripts = new SwarmScripts(async);
        for (Script script : Script.values()) {
            scripts.shas[script.ordinal()] = sync.scriptLoad(script.body);
        }
        return scripts;
    }

    CompletionStage<List<Object>> run(Script script, byte[][] keys, byte[]... args) {
        CompletableFuture<List<Object>> first = redis.<List<Object>>evalsha(shas[script.ordinal()],
                ScriptOutputType.MULTI, keys, args).toCompletableFuture();
        return first.handle((answer, failure) -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause == null) {
                return first;
            }
            if (cause instanceof RedisNoScriptException) {
                return redis.<List<Object>>eval(script.body, ScriptOutputType.MULTI, keys, args)
                        .toCompletableFuture();
            }
            return first;
        }).thenCompose(answer -> answer);
    }

    private static String read(String file) {
        try (InputStream in = SwarmScripts.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("missing script " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
