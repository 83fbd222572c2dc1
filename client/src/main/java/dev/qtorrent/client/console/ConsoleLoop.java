package dev.qtorrent.client.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interactive console: reads lines, runs {@code /command} lines as client subcommands and sends any other text
 * to the AI assistant. Errors are reported on one line and never end the loop; only {@code /quit}, {@code /exit}
 * and end of input do.
 */
public final class ConsoleLoop {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleLoop.class);

    static final String PROMPT = "qtorrent> ";
    static final String BANNER = "quic-torrent console: type /help for commands, /quit to leave.";
    static final String NO_ASSISTANT = "No AI service configured: set " + AiConfig.URL_ENV + " and "
            + AiConfig.MODEL_ENV + " (and " + AiConfig.KEY_ENV + " if needed), or start with"
            + " --ai-url/--ai-model/--ai-key.";

    /** Subcommands the console forwards to the {@link CommandRunner}; add a row to expose another one. */
    private static final List<Subcommand> SUBCOMMANDS = List.of(
            new Subcommand("download", "<torrent> [output] [server] [port]",
                    "download and verify a torrent, like the download subcommand"));

    private final BufferedReader in;
    private final PrintWriter out;
    private final PrintWriter err;
    private final CommandRunner runner;
    private final Optional<Assistant> assistant;
    private final boolean interactive;

    /**
     * @param interactive whether a person is typing: only then are the banner and prompt printed, so piped
     *     scripts get clean output
     */
    public ConsoleLoop(BufferedReader in, PrintWriter out, PrintWriter err, CommandRunner runner,
            Optional<Assistant> assistant, boolean interactive) {
        this.in = Objects.requireNonNull(in, "in");
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.assistant = Objects.requireNonNull(assistant, "assistant");
        this.interactive = interactive;
    }

    /**
     * Runs until {@code /quit}, {@code /exit} or end of input and returns 0; returns 1 only if reading the input
     * fails, since the session cannot go on then.
     */
    public int run() {
        if (interactive) {
            out.println(BANNER);
        }
        try {
            while (true) {
                if (interactive) {
                    out.print(PROMPT);
                    out.flush();
                }
                String line = in.readLine();
                if (line == null) {
                    // Puts the shell's prompt on a fresh line after Ctrl-D.
                    if (interactive) {
                        out.println();
                    }
                    return 0;
                }
                boolean keepGoing = handle(line.strip());
                out.flush();
                err.flush();
                if (!keepGoing) {
                    return 0;
                }
            }
        } catch (IOException e) {
            err.println("Cannot read console input: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Handles one stripped line; returns false when the user asked to leave. */
    private boolean handle(String line) {
        if (line.isEmpty()) {
            return true;
        }
        if (line.startsWith("/")) {
            return command(line);
        }
        ask(line);
        return true;
    }

    private boolean command(String line) {
        List<String> words;
        try {
            words = LineSplitter.split(line);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return true;
        }
        String name = words.get(0).substring(1);
        List<String> args = words.subList(1, words.size());
        switch (name) {
            case "quit":
            case "exit":
                return false;
            case "help":
                printHelp();
                return true;
            default:
                if (isSubcommand(name)) {
                    runSubcommand(name, args);
                } else {
                    err.println("Unknown command " + words.get(0) + ": type /help for the list of commands.");
                }
                return true;
        }
    }

    private void runSubcommand(String name, List<String> args) {
        String[] argv = new String[args.size() + 1];
        argv[0] = name;
        for (int i = 0; i < args.size(); i++) {
            argv[i + 1] = args.get(i);
        }
        try {
            int code = runner.run(argv);
            // The subcommand reports its own failure; the console only keeps going.
            LOG.debug("/{} exited with code {}", name, code);
        } catch (RuntimeException e) {
            LOG.debug("/{} threw", name, e);
            err.println("/" + name + " failed: " + e);
        }
    }

    private void ask(String question) {
        if (assistant.isEmpty()) {
            err.println(NO_ASSISTANT);
            return;
        }
        try {
            out.println(assistant.get().ask(question));
        } catch (AssistantException e) {
            LOG.debug("Assistant failed", e);
            err.println(e.getMessage());
        }
    }

    private void printHelp() {
        out.println("Commands:");
        for (Subcommand sub : SUBCOMMANDS) {
            helpRow("/" + sub.name() + " " + sub.usage(), sub.summary());
        }
        helpRow("/help", "show this help");
        helpRow("/quit, /exit", "leave the console (end of input also leaves)");
        helpRow("Ctrl-C", "stop the running /download (the same line resumes it); at the prompt, leave");
        if (assistant.isPresent()) {
            out.println("Any other text is sent to the AI assistant (configured).");
        } else {
            out.println("Any other text is sent to the AI assistant (not configured).");
            out.println(NO_ASSISTANT);
        }
    }

    private void helpRow(String usage, String summary) {
        out.printf("  %-46s %s%n", usage, summary);
    }

    private static boolean isSubcommand(String name) {
        return SUBCOMMANDS.stream().anyMatch(sub -> sub.name().equals(name));
    }

    /** One console command that maps onto a client subcommand of the same name. */
    private record Subcommand(String name, String usage, String summary) {
    }
}
