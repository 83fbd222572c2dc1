package dev.qtorrent.tracker;

import dev.qtorrent.common.cli.ShortUsageErrors;
import dev.qtorrent.common.cli.WholeWordHelp;
import dev.qtorrent.common.runtime.NettyProperties;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of {@code tracker.jar}; the only place that calls {@code System.exit}. */
public final class TrackerMain {
    private TrackerMain() {
    }

    public static void main(String[] args) {
        NettyProperties.programDefaults(System.getProperties());
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        TrackerCommand command = new TrackerCommand();
        TrackerSignals.install(reason -> {
            if (!command.stop(reason)) {
                System.exit(TrackerCommand.EXIT_OK);
            }
        }, () -> {
            if (!command.rescan()) {
                err.println("tracker: still reading the seed folder; SIGHUP ignored");
            }
        });
        int code = TrackerCommand.EXIT_FAILED;
        try {
            code = newCommandLine(command, out, err).execute(args);
        } catch (Error e) {
            err.println("tracker: internal error: " + e);
            e.printStackTrace(err);
        } finally {
            // Exits even when an Error escaped (picocli hands only exceptions to its handler), such as a class that
            // can no longer be loaded because the jar was rebuilt in place under the running tracker: the event
            // loops' threads would otherwise keep a tracker that has stopped serving alive for good.
            System.exit(code);
        }
    }

    /** The one place that configures parsing, output streams and error handling; tests use it too. */
    public static CommandLine newCommandLine(TrackerCommand command, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(command);
        WholeWordHelp.install(cli);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler(new ShortUsageErrors());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("tracker: " + describe(e));
            return TrackerCommand.EXIT_START_FAILED;
        });
        return cli;
    }

    static String describe(Throwable e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or folder: " + e.getMessage();
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: " + e.getMessage();
        }
        if (e instanceof java.nio.file.FileSystemException fs) {
            return fs.getFile() + ": " + fs.getReason();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
