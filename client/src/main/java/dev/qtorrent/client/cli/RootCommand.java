package dev.qtorrent.client.cli;

import dev.qtorrent.client.ClientContext;
import dev.qtorrent.client.console.AiConfig;
import dev.qtorrent.client.console.Assistant;
import dev.qtorrent.client.console.ChatCompletionsClient;
import dev.qtorrent.client.console.ConsoleLoop;
import dev.qtorrent.common.Version;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;

/** The client's root command: with a subcommand it runs that, without one it opens the interactive console. */
@Command(name = "client", mixinStandardHelpOptions = true, versionProvider = RootCommand.VersionProvider.class,
        sortOptions = false,
        description = {
            "Downloads torrents from a quic-torrent tracker over QUIC, verifying every piece, and serves them to "
                    + "other peers.",
            "Without a command, opens an interactive console (/download, /seed, /info, /scrape, /create, /help, "
                    + "/quit); other text there is sent to an AI assistant when one is configured."},
        footerHeading = "%nEnvironment:%n",
        footer = {
            "  QTORRENT_AI_URL     OpenAI-compatible chat-completions URL for the assistant",
            "  QTORRENT_AI_MODEL   model name sent to it",
            "  QTORRENT_AI_KEY     API key sent as a bearer token (optional)",
            "  QTORRENT_LOG_FILE   the log file (default: client.log in the state folder)",
            "  XDG_DATA_HOME       the state folder is $XDG_DATA_HOME/qtorrent, by default",
            "                      ~/.local/share/qtorrent"})
public final class RootCommand implements Callable<Integer> {
    private final ClientContext context;
    private final PrintWriter out;
    private final PrintWriter err;

    @Option(names = "--ai-url", paramLabel = "URL", description = "Chat-completions URL (overrides QTORRENT_AI_URL).")
    private String aiUrl;

    @Option(names = "--ai-model", paramLabel = "MODEL", description = "Model (overrides QTORRENT_AI_MODEL).")
    private String aiModel;

    @Option(names = "--ai-key", paramLabel = "KEY", description = "API key (overrides QTORRENT_AI_KEY).")
    private String aiKey;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "The state folder, for the console's commands or the command that follows: identity and "
                    + "log (default: $XDG_DATA_HOME/qtorrent, or ~/.local/share/qtorrent).")
    private Path stateDir;

    RootCommand(ClientContext context, PrintWriter out, PrintWriter err) {
        this.context = context;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        Optional<Assistant> assistant;
        try {
            assistant = AiConfig.resolve(context.env(), aiUrl, aiModel, aiKey)
                    .map(config -> new ChatCompletionsClient(config, Duration.ofSeconds(60)));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        ClientContext session = stateDir == null ? context : context.withStateDir(stateDir);
        ConsoleLoop console = new ConsoleLoop(session.in(), out, err, new ConsoleRunner(session, out, err), assistant,
                session.terminal());
        return console.run();
    }

    /**
     * The state folder of a command: its own {@code --state-dir}, else one given before the command name
     * ({@code client --state-dir DIR download ...}), else the context's.
     *
     * @param root the root command, or null when the command runs on its own
     */
    static Path stateDir(Path own, RootCommand root, ClientContext context) {
        if (own != null) {
            return own;
        }
        return root != null && root.stateDir != null ? root.stateDir : context.stateDir();
    }

    /** Reports the build's version for {@code --version}. */
    static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"quic-torrent client " + Version.get()};
        }
    }
}
