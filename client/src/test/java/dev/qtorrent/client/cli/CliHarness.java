package dev.qtorrent.client.cli;

import dev.qtorrent.client.ClientContext;
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

    CliHarness() {
        this("");
    }

    CliHarness(String stdin) {
        this.stdin = stdin;
    }

    int run(Object... args) {
        String[] strings = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            strings[i] = String.valueOf(args[i]);
        }
        ClientContext context = new ClientContext(new BufferedReader(new StringReader(stdin)), Map.of(), false);
        return Cli.newCommandLine(context, new PrintWriter(out, true), new PrintWriter(err, true)).execute(strings);
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }
}
