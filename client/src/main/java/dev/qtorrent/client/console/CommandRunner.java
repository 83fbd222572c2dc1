package dev.qtorrent.client.console;

/**
 * Runs one client subcommand, such as {@code run("download", "a.torrent", "out.txt")}, and returns its exit code.
 * The console depends on this instead of picocli so that it can be tested without the real commands.
 */
@FunctionalInterface
public interface CommandRunner {

    /** Runs the subcommand named by {@code args[0]} with the remaining arguments; 0 means success. */
    int run(String... args);

    /**
     * The arguments subcommand {@code name} takes, as its own help names them (e.g.
     * {@code TORRENT [OUTPUT] [HOST] [PORT] [OPTIONS]}), for the console's /help; empty when not known.
     */
    default String usage(String name) {
        return "";
    }
}
