package dev.qtorrent.client.cli;

import dev.qtorrent.client.download.Downloader;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How {@code download} fetches: pieces in flight, attempts, timeouts, its rate and how many peers. */
final class FetchOptions {
    @Option(names = "--parallel", paramLabel = "N", defaultValue = "16",
            description = "Pieces in flight at once on one source, the tracker or a peer; each gets as many as its "
                    + "rate keeps busy, up to N (default: ${DEFAULT-VALUE}).")
    private int parallel;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "3",
            description = "Attempts per piece before giving up (default: ${DEFAULT-VALUE}).")
    private int attempts;

    @Option(names = "--stall-timeout", paramLabel = "SECONDS", defaultValue = "15",
            description = "Seconds without data or an answer from the tracker before a request is given up and "
                    + "the connection checked; a peer gets at most 5 (default: ${DEFAULT-VALUE}).")
    private int stallTimeout;

    @Option(names = "--reconnect-window", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long to keep trying to reach a lost tracker again (default: ${DEFAULT-VALUE}).")
    private int reconnectWindow;

    @Option(names = "--max-rate", paramLabel = "BYTES",
            description = "Download at most this many bytes per second: 500K, 1.5M, 10MiB; K, M and G are powers "
                    + "of 1024, with or without B or iB (default: 0, no limit).")
    private String maxRate;

    @Option(names = "--peers", paramLabel = "N", defaultValue = "30",
            description = "Peers to download from at once, besides the tracker; 0 fetches from the tracker only "
                    + "(default: ${DEFAULT-VALUE}).")
    private int maxPeers;

    /** Refuses values out of range, before anything starts. */
    void validate() {
        if (parallel < 1 || parallel > 256) {
            throw new UsageException("--parallel must be between 1 and 256");
        }
        if (maxPeers < 0 || maxPeers > 200) {
            throw new UsageException("--peers must be between 0 and 200");
        }
        if (attempts < 1) {
            throw new UsageException("--retries must be at least 1");
        }
        if (stallTimeout < 1 || reconnectWindow < 0) {
            throw new UsageException("--stall-timeout must be at least 1 and --reconnect-window at least 0");
        }
        if (maxRate != null) {
            ByteSize.parse(maxRate, "--max-rate");
        }
    }

    Downloader.Options options() {
        return new Downloader.Options(parallel, attempts, Duration.ofSeconds(stallTimeout),
                Duration.ofSeconds(reconnectWindow), maxRate == null ? 0 : ByteSize.parse(maxRate, "--max-rate"),
                maxPeers);
    }
}
