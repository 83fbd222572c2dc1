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
 * and end of input do. The exit code is that of the last command that failed, so a script piped in can be checked.
 */
public final class ConsoleLoop {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleLoop.class);

    static final String PROMPT = "qtorrent> ";
    static final String BANNER = "quic-torrent console: type /help for commands, /quit to leave.";
    static final String NO_ASSISTANT = "No AI service configured: set " + AiConfig.URL_ENV + " and "
            + AiConfig.MODEL_ENV + " (and " + AiConfig.KEY_ENV + " if needed), or start with"
            + " --ai-url/--ai-model/--ai-key.";

    /** The client's exit code for an invalid command line, which an unknown or unreadable command line is too. */
    static final int USAGE_EXIT_CODE = 2;
    /** What a command that threw instead of returning its code counts as: the client's "unexpected error". */
    static final int FAILED_EXIT_CODE = 1;

    private final BufferedReader in;
    private final PrintWriter out;
    private final PrintWriter err;
    private final CommandRunner runner;
    private final Optional<Assistant> assistant;
    private final boolean interactive;
    /** The exit code of the last command that failed, 0 while none has. */
    private int lastFailure;

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
     * Runs until {@code /quit}, {@code /exit} or end of input and returns the exit code of the last command that
     * failed, or 0 if none did; returns 1 if reading the input fails, since the session cannot go on then.
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
                    return lastFailure;
                }
                boolean keepGoing = handle(line.strip());
                out.flush();
                err.flush();
                if (!keepGoing) {
                    return lastFailure;
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
            lastFailure = USAGE_EXIT_CODE;
            return true;
        }
        String name = words.get(0).substring(1);
        List<String> args = words.subList(1, words.size());
        switch (name) {
            case "quit":
            case "exit":
                return false;
            case "help":
                ConsoleCommands.printHelp(out, runner, assistant);
                return true;
            default:
                if (ConsoleCommands.isSubcommand(name)) {
                    runSubcommand(name, args);
                } else {
                    err.println("Unknown command " + words.get(0) + ": type /help for the list of commands.");
                    lastFailure = USAGE_EXIT_CODE;
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
            // The subcommand reports its own failure; the console keeps going and remembers the code.
            LOG.debug("/{} exited with code {}", name, code);
            if (code != 0) {
                lastFailure = code;
            }
        } catch (RuntimeException e) {
            LOG.debug("/{} threw", name, e);
            err.println("/" + name + " failed: " + e);
            lastFailure = FAILED_EXIT_CODE;
        }
    }

    private void ask(String question) {
        if (assistant.isEmpty()) {
            err.println(NO_ASSISTANT);
            return;
        }
        try {
            // The answer comes from a remote service: it may carry escape sequences that would drive the terminal.
            out.println(TerminalText.strip(assistant.get().ask(question)));
        } catch (AssistantException e) {
            LOG.debug("Assistant failed", e);
            err.println(TerminalText.strip(e.getMessage()));
        }
    }
}
