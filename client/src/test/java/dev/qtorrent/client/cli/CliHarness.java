package dev.qtorrent.client.cli;

import dev.qtorrent.client.ClientContext;
import dev.qtorrent.client.StopSignals;
import dev.qtorrent.common.runtime.TransferJit;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Map;

/** Runs the client's real command line in this JVM and keeps what it printed. */
final class CliHarness {
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
                TransferJit.none(), signals);
        return Cli.newCommandLine(context, new PrintWriter(out, true), new PrintWriter(err, true)).execute(strings);
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }
}
