package dev.qtorrent.client.cli;

import dev.qtorrent.client.ClientContext;
import java.io.PrintWriter;
import picocli.CommandLine;

/** The one factory of the client's command line, used by {@code main}, the console and tests alike. */
public final class Cli {
    private Cli() {
    }

    public static CommandLine newCommandLine(ClientContext context, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new RootCommand(context, out, err));
        cli.addSubcommand(new DownloadCommand(context));
        cli.addSubcommand(new CreateCommand());
        cli.addSubcommand(new InfoCommand());
        for (CommandLine command : cli.getSubcommands().values()) {
            exitCodes(command);
        }
        exitCodes(cli);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(e -> ExitCode.of(e).code());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("client: " + message(e));
            commandLine.getErr().flush();
            return ExitCode.of(e).code();
        });
        return cli;
    }

    private static void exitCodes(CommandLine command) {
        command.getCommandSpec().usageMessage()
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(ExitCode.helpList());
    }

    static String message(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message;
    }
}
