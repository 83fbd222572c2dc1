package dev.qtorrent.client.cli;

import dev.qtorrent.client.ClientContext;
import dev.qtorrent.common.cli.ShortUsageErrors;
import dev.qtorrent.common.cli.WholeWordHelp;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/** The one factory of the client's command line, used by {@code main}, the console and tests alike. */
public final class Cli {
    private Cli() {
    }

    public static CommandLine newCommandLine(ClientContext context, PrintWriter out, PrintWriter err) {
        return newCommandLine(context, out, err, null);
    }

    /**
     * The command line with only the subcommand {@code only} when it names one: the others' models are built from
     * their annotations by reflection, which a process that runs one command need not pay for. Any other word, or
     * null, gets them all, for the root's help and its error messages.
     */
    public static CommandLine newCommandLine(ClientContext context, PrintWriter out, PrintWriter err,
                                             String only) {
        CommandLine cli = new CommandLine(new RootCommand(context, out, err));
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("download", () -> new DownloadCommand(context));
        commands.put("seed", () -> new SeedCommand(context));
        commands.put("create", () -> new CreateCommand(context));
        commands.put("info", InfoCommand::new);
        commands.put("scrape", () -> new ScrapeCommand(context));
        if (commands.containsKey(only)) {
            cli.addSubcommand(commands.get(only).get());
        } else {
            commands.values().forEach(subcommand -> cli.addSubcommand(subcommand.get()));
        }
        Map<String, String> root = new ExitCode.HelpList().add(ExitCode.OK).add(ExitCode.FAILED).add(ExitCode.USAGE)
                .lines();
        root.put("3-7", "as listed by each command's --help");
        exitCodes(cli, root);
        for (CommandLine command : cli.getSubcommands().values()) {
            exitCodes(command, exitCodeList(command.getCommandName()));
        }
        WholeWordHelp.install(cli);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler(new ShortUsageErrors());
        cli.setExitCodeExceptionMapper(e -> ExitCode.of(e).code());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("client: " + message(e));
            commandLine.getErr().flush();
            return ExitCode.of(e).code();
        });
        return cli;
    }

    /** What each command's exit codes mean; a command not listed here shows every code with its general meaning. */
    private static Map<String, String> exitCodeList(String command) {
        ExitCode.HelpList list = new ExitCode.HelpList();
        switch (command) {
            case "download" -> list.add(ExitCode.OK, "the download is complete, every piece verified")
                    .add(ExitCode.FAILED, "pieces kept failing verification, or an unexpected error")
                    .add(ExitCode.USAGE)
                    .add(ExitCode.BAD_TORRENT)
                    .add(ExitCode.UNREACHABLE)
                    .add(ExitCode.UNTRUSTED)
                    .add(ExitCode.REFUSED)
                    .add(ExitCode.LOCAL_IO, "the output could not be written (folder not writable, disk full), it "
                            + "exists and differs from the torrent (see --overwrite), or another download is writing it")
                    .add(ExitCode.INTERRUPTED)
                    .add(ExitCode.TERMINATED);
            case "seed" -> list.add(ExitCode.FAILED)
                    .add(ExitCode.USAGE)
                    .add(ExitCode.BAD_TORRENT)
                    .add(ExitCode.UNREACHABLE)
                    .add(ExitCode.UNTRUSTED)
                    .add(ExitCode.REFUSED)
                    .add(ExitCode.LOCAL_IO, "DATA is missing, cannot be read, or does not match the torrent")
                    .add(ExitCode.INTERRUPTED, "stopped by Ctrl-C (SIGINT), after announcing stopped")
                    .add(ExitCode.TERMINATED, "stopped by SIGTERM, after announcing stopped");
            case "create" -> list.add(ExitCode.OK, "the torrent was written")
                    .add(ExitCode.FAILED)
                    .add(ExitCode.USAGE, "invalid command line, or SOURCE does not exist or holds no data")
                    .add(ExitCode.UNREACHABLE, "the tracker could not be reached to read its certificate (no --pin)")
                    .add(ExitCode.LOCAL_IO, "SOURCE could not be read, or the torrent could not be written");
            case "scrape" -> list.add(ExitCode.OK, "every tracker answered; the counts were shown")
                    .add(ExitCode.FAILED)
                    .add(ExitCode.USAGE)
                    .add(ExitCode.BAD_TORRENT)
                    .add(ExitCode.UNREACHABLE)
                    .add(ExitCode.UNTRUSTED)
                    .add(ExitCode.REFUSED);
            case "info" -> list.add(ExitCode.OK, "the torrent or link was read and shown")
                    .add(ExitCode.FAILED)
                    .add(ExitCode.USAGE)
                    .add(ExitCode.BAD_TORRENT, "the torrent or magnet link is missing or malformed");
            default -> {
                for (ExitCode exit : ExitCode.values()) {
                    list.add(exit);
                }
            }
        }
        return list.lines();
    }

    private static void exitCodes(CommandLine command, Map<String, String> list) {
        command.getCommandSpec().usageMessage()
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(new LinkedHashMap<>(list));
    }

    static String message(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message;
    }
}
