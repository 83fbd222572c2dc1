package dev.qtorrent.client;

import dev.qtorrent.common.runtime.TransferJit;
import java.io.BufferedReader;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the commands need from the process around them, passed in so that tests can supply their own.
 *
 * @param in       standard input, for the console
 * @param env      environment variables
 * @param terminal whether standard input and output are an interactive terminal (prompts, progress lines)
 * @param jit      the compiler set-up of a process started for one download, to keep or withdraw once the
 *                 connection's datagram size is known
 * @param signals  what Ctrl-C and SIGTERM do to a running download
 * @param stateDir the per-user state folder (identity, log) unless a command's {@code --state-dir} names another
 * @param identity the identity being read ahead while the process starts, if any
 */
public record ClientContext(BufferedReader in, Map<String, String> env, boolean terminal, TransferJit jit,
                            StopSignals signals, Path stateDir, IdentityPreload identity) {
    public ClientContext {
        env = Map.copyOf(env);
        if (stateDir == null) {
            throw new IllegalArgumentException("the state folder is required");
        }
        if (identity == null) {
            identity = IdentityPreload.NONE;
        }
    }

    public ClientContext(BufferedReader in, Map<String, String> env, boolean terminal, TransferJit jit,
                         StopSignals signals, Path stateDir) {
        this(in, env, terminal, jit, signals, stateDir, IdentityPreload.NONE);
    }

    /** A context whose state folder is the one {@code env} gives (see {@link StateDir}). */
    public ClientContext(BufferedReader in, Map<String, String> env, boolean terminal, TransferJit jit,
                         StopSignals signals) {
        this(in, env, terminal, jit, signals, StateDir.resolve(env, System.getProperty("user.home")));
    }

    /** The same context with another state folder, as {@code --state-dir} gives. */
    public ClientContext withStateDir(Path dir) {
        return new ClientContext(in, env, terminal, jit, signals, dir, identity);
    }

    /** The same context with an identity read ahead; see {@link IdentityPreload#start}. */
    public ClientContext withIdentity(IdentityPreload preload) {
        return new ClientContext(in, env, terminal, jit, signals, stateDir, preload);
    }

    /** A context whose downloads only stop on signals delivered by hand. */
    public ClientContext(BufferedReader in, Map<String, String> env, boolean terminal, TransferJit jit) {
        this(in, env, terminal, jit, StopSignals.unhandled());
    }

    /** A context whose JIT compiler is left as it is. */
    public ClientContext(BufferedReader in, Map<String, String> env, boolean terminal) {
        this(in, env, terminal, TransferJit.none());
    }
}
