package dev.qtorrent.client.cli;

import dev.qtorrent.client.ClientContext;
import dev.qtorrent.client.StopSignals;
import dev.qtorrent.common.runtime.TransferJit;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/** Runs the client's real command line in this JVM and keeps what it printed. */
final class CliHarness {
    /**
     * The state folder of every command run here unless it says {@code --state-dir}: inside the build's output, so
     * tests never create an identity in the user's home. Shared by the tests, as one user's folder is.
     */
    static final Path STATE_DIR = Path.of("target", "test-state", "qtorrent").toAbsolutePath();
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    private final String stdin;
    private final StopSignals signals;

    CliHarness() {
        this("");
    }

    CliHarness(String stdin) {
        this(stdin, StopSignals.unhandled());
    }

    /** @param signals stands in for the operating system's Ctrl-C and SIGTERM, see {@link StopSignals#deliver} */
    CliHarness(String stdin, StopSignals signals) {
        this.stdin = stdin;
        this.signals = signals;
    }

    int run(Object... args) {
        String[] strings = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            strings[i] = String.valueOf(args[i]);
        }
        ClientContext context = new ClientContext(new BufferedReader(new StringReader(stdin)), Map.of(), false,
                TransferJit.none(), signals, STATE_DIR);
        return Cli.newCommandLine(context, new PrintWriter(out, true), new PrintWriter(err, true)).execute(strings);
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }
}
