package dev.qtorrent.bench;

import dev.qtorrent.bench.swarm.SwarmUnavailableException;
import dev.qtorrent.common.cli.ShortUsageErrors;
import dev.qtorrent.common.cli.WholeWordHelp;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of {@code bench.jar}; the only place that calls {@code System.exit}. */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(newCommandLine(out, err).execute(args));
    }

    /** The benchmark's command line, with the same help layout and usage errors as the programs it measures. */
    static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new BenchCommand());
        WholeWordHelp.install(cli);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler(new ShortUsageErrors());
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof SwarmUnavailableException unavailable) {
                command.getErr().println("swarm: " + unavailable.getMessage());
                return unavailable.reason().exitCode();
            }
            throw e;
        });
        return cli;
    }
}
