package dev.qtorrent.client.console;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The console's commands: the client subcommands it forwards (each {@code /name} runs the subcommand {@code name},
 * options and all) and its own, with the help that lists them. Argument names come from the subcommands themselves,
 * through {@link CommandRunner#usage}, so /help cannot drift from {@code --help}.
 */
final class ConsoleCommands {
    /** Subcommands the console forwards to the {@link CommandRunner}; add a row to expose another one. */
    private static final List<Row> SUBCOMMANDS = List.of(
            new Row("download", "download and verify a torrent or magnet link"),
            new Row("seed", "check a torrent's data, then serve it until Ctrl-C"),
            new Row("info", "show what a torrent or magnet link holds"),
            new Row("scrape", "ask the tracker how many seeds and leechers torrents have"),
            new Row("create", "write a torrent for a file or folder"));

    private ConsoleCommands() {
    }

    static boolean isSubcommand(String name) {
        return SUBCOMMANDS.stream().anyMatch(row -> row.name().equals(name));
    }

    static void printHelp(PrintWriter out, CommandRunner runner, Optional<Assistant> assistant) {
        List<Row> rows = new ArrayList<>();
        for (Row sub : SUBCOMMANDS) {
            String usage = runner.usage(sub.name());
            rows.add(new Row("/" + sub.name() + (usage.isEmpty() ? "" : " " + usage), sub.summary()));
        }
        rows.add(new Row("/help", "show this help"));
        rows.add(new Row("/quit, /exit", "leave the console (end of input also leaves)"));
        rows.add(new Row("Ctrl-C", "stop a /download (run it again to resume); at the prompt, leave"));
        int width = rows.stream().mapToInt(row -> row.name().length()).max().orElse(0);
        out.println("Commands:");
        for (Row row : rows) {
            out.printf("  %-" + width + "s  %s%n", row.name(), row.summary());
        }
        out.println("Each takes the options of the client command of the same name: /download --help lists them.");
        out.println("On leaving, the console's exit code is that of the last command that failed (0 if none did).");
        if (assistant.isPresent()) {
            out.println("Any other text is sent to the AI assistant (configured), which " + assistant.get().memory()
                    + ".");
        } else {
            out.println("Any other text is sent to the AI assistant (not configured).");
            out.println(ConsoleLoop.NO_ASSISTANT);
        }
    }

    /** A command as /help shows it. */
    private record Row(String name, String summary) {
    }
}
