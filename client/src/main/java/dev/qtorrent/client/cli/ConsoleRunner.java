package dev.qtorrent.client.cli;

import dev.qtorrent.client.ClientContext;
import dev.qtorrent.client.console.CommandRunner;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** Runs the console's {@code /command} lines as the client's own subcommands, and names their arguments for /help. */
final class ConsoleRunner implements CommandRunner {
    private final ClientContext context;
    private final PrintWriter out;
    private final PrintWriter err;

    ConsoleRunner(ClientContext context, PrintWriter out, PrintWriter err) {
        this.context = context;
        this.out = out;
        this.err = err;
    }

    @Override
    public int run(String... args) {
        // Each console line gets a fresh command line, so no option value leaks from one line to the next.
        return Cli.newCommandLine(context, out, err).execute(args);
    }

    @Override
    public String usage(String name) {
        CommandLine command = Cli.newCommandLine(context, out, err).getSubcommands().get(name);
        return command == null ? "" : usage(command.getCommandSpec());
    }

    /**
     * The positional parameters and required options with the labels {@code --help} shows, then {@code [OPTIONS]}
     * when there are others: {@code TORRENT [OUTPUT] [HOST] [PORT] [OPTIONS]}.
     */
    static String usage(CommandSpec spec) {
        List<String> parts = new ArrayList<>();
        for (PositionalParamSpec positional : spec.positionalParameters()) {
            parts.add(positional.arity().min() == 0 ? "[" + positional.paramLabel() + "]" : positional.paramLabel());
        }
        boolean moreOptions = false;
        for (OptionSpec option : spec.options()) {
            if (option.required()) {
                parts.add(option.longestName() + (option.arity().max() > 0 ? " " + option.paramLabel() : ""));
            } else if (!option.usageHelp() && !option.versionHelp()) {
                moreOptions = true;
            }
        }
        if (moreOptions) {
            parts.add("[OPTIONS]");
        }
        return String.join(" ", parts);
    }
}
