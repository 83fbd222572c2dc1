package dev.qtorrent.client.cli;

import dev.qtorrent.client.ClientContext;
import dev.qtorrent.common.tls.PinningTrustManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options of every command that talks to a tracker: how its certificate is trusted, the client's own state
 * folder (whose identity it presents) and how long to wait for it. One mixin, so the commands cannot drift apart.
 */
final class TrackerOptions {
    @Option(names = "--pin", paramLabel = "SHA256",
            description = "Trust the tracker certificate with this SHA-256 fingerprint instead of the torrent's.")
    private String pin;

    @Option(names = "--insecure", description = "Accept any tracker certificate (not recommended).")
    private boolean insecure;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "The state folder: the client's identity (key and certificate) and log (default: "
                    + "$XDG_DATA_HOME/qtorrent, or ~/.local/share/qtorrent).")
    private Path stateDir;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "5",
            description = "Seconds to wait for the tracker to answer (default: ${DEFAULT-VALUE}).")
    private int connectTimeout;

    void validate() {
        if (pin != null && insecure) {
            throw new UsageException("--pin and --insecure contradict each other: choose one");
        }
        if (connectTimeout < 1) {
            throw new UsageException("--connect-timeout must be at least 1 second");
        }
    }

    boolean insecure() {
        return insecure;
    }

    Duration connectTimeout() {
        return Duration.ofSeconds(connectTimeout);
    }

    /** How the tracker's certificate is checked: --insecure, else --pin, else the pin {@code source} carries. */
    PinningTrustManager trust(String source, Optional<String> carriedPin) throws UntrustedTrackerException {
        return TrackerTarget.trust(source, insecure, pin, carriedPin);
    }

    /** This command's --state-dir, else the one given before the command name, else the default folder. */
    Path stateDir(RootCommand root, ClientContext context) {
        return RootCommand.stateDir(stateDir, root, context);
    }
}
