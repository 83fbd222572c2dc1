package dev.qtorrent.bench;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of {@code bench.jar}; the only place that calls {@code System.exit}. */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        CommandLine cli = new CommandLine(new BenchCommand());
        cli.setOut(out);
        cli.setErr(err);
        System.exit(cli.execute(args));
    }
}
