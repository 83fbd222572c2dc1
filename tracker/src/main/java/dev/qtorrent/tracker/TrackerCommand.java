package dev.qtorrent.tracker;

import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.metainfo.TrackerUrl;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.peer.serve.NodeServer;
import dev.qtorrent.peer.serve.ResetSecret;
import dev.qtorrent.peer.serve.ServerLimits;
import dev.qtorrent.tracker.seed.SeedCatalog;
import dev.qtorrent.tracker.seed.SeedWatcher;
import dev.qtorrent.tracker.server.TrackerEndpoint;
import dev.qtorrent.tracker.swarm.SwarmStore;
import dev.qtorrent.tracker.swarm.SwarmStores;
import dev.qtorrent.tracker.web.TrackerWeb;
import dev.qtorrent.tracker.web.WebAddress;
import io.netty.handler.codec.quic.Quic;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The tracker's command line: seed a folder and serve it over QUIC until stopped. */
@Command(name = "tracker", mixinStandardHelpOptions = true, versionProvider = TrackerVersion.class,
        sortOptions = false,
        description = {
            "Seeds a folder over QUIC: serves the .torrent files placed beside their data, writes a torrent for "
                    + "every other file (single-file) and folder (multi-file), answers announces and serves the "
                    + "pieces itself. A .torrent without its data is tracked: announced, but its pieces come from "
                    + "peers only. The folder is live: what is added is hashed and served once it has stopped "
                    + "changing for 2 seconds, what is removed or changed stops being served at once; SIGHUP "
                    + "rescans it. Stop it with Ctrl-C or SIGTERM: it closes every client connection with a "
                    + "notice, so clients reconnect at once when it is back."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:stopped cleanly (Ctrl-C, SIGTERM; SIGHUP rescans the seed folder instead)",
            "1:could not start (port in use, unreadable seed folder or identity, no QUIC support)",
            "2:invalid command line",
            "3:stopped by a failure: its UDP socket or event loop died (see the log), or an internal error (on standard "
                    + "error)"})
public final class TrackerCommand implements Callable<Integer> {
    static final int EXIT_OK = 0;
    static final int EXIT_START_FAILED = 1;
    static final int EXIT_FAILED = 3;
    /** The tracker's own entry in peer lists. */
    static final String PEER_ID = "qtorrent-tracker";

    @Spec
    private CommandSpec spec;

    @Option(names = {"-p", "--quic"}, paramLabel = "PORT", defaultValue = "7001",
            description = "UDP port to listen on (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
            description = "Address to listen on: an IPv4 address listens on IPv4 only, an IPv6 one on IPv6 only, "
                    + "and :: on both (default: ${DEFAULT-VALUE}, every IPv4 interface).")
    private String bind;

    @Option(names = "--seed-dir", paramLabel = "DIR", defaultValue = "seed",
            description = "Folder of files to seed; created when missing (default: ${DEFAULT-VALUE}).")
    private Path seedDir;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Host name or address written into torrents as quic://HOST:PORT. Set it to one that "
                    + "clients can reach (default: ${DEFAULT-VALUE}).")
    private String host;

    @Option(names = "--tls-dir", paramLabel = "DIR", defaultValue = "tls",
            description = "Folder holding the tracker's key and certificate, created on first start and reused "
                    + "so the torrents' pins stay valid (default: ${DEFAULT-VALUE}).")
    private Path tlsDir;

    @Option(names = "--log-file", paramLabel = "FILE", defaultValue = "tracker.log",
            description = "Log file, besides the console (default: ${DEFAULT-VALUE}).")
    private Path logFile;

    @Option(names = "--swarm-store", paramLabel = "STORE", defaultValue = SwarmStores.MEMORY,
            description = "Where swarms are kept: memory (default), or redis://HOST:PORT, shared by every tracker "
                    + "instance that names the same Redis (see the README, \"Several instances\").")
    private String swarmStore;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "1800",
            description = "Seconds clients should wait between announces (default: ${DEFAULT-VALUE}).")
    private int intervalSeconds;

    @Option(names = "--event-loops", paramLabel = "N",
            description = "Threads answering QUIC, each with a UDP socket of its own on the port (Linux; elsewhere "
                    + "one). Each connection stays on one of them, so more help many clients, not one. Default: the "
                    + "number of cores.")
    private Integer eventLoops;

    @Mixin
    private ServingLimits servingLimits = new ServingLimits();

    @Option(names = "--metrics", paramLabel = "ADDRESS:PORT", converter = WebAddress.class,
            description = "Serve Prometheus metrics at /metrics and a live status page at / over HTTP on this "
                    + "address, e.g. 127.0.0.1:9464 (default: off).")
    private InetSocketAddress metrics;

    private Consumer<NodeServer> onStarted = server -> { };
    private final LiveSeedFolder seedFolder = new LiveSeedFolder();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Why the tracker is stopping: a signal's name, or a failure when {@link #failed} is set. */
    private volatile String stopReason = "asked to";
    private volatile boolean failed;
    /** Set once the seed folder is read: from then on a stop closes the server and files in order. */
    private volatile boolean serving;

    /** Lets an embedding program (or a test) see the running server. */
    public TrackerCommand onStarted(Consumer<NodeServer> listener) {
        this.onStarted = listener;
        return this;
    }

    /** How the seed folder is watched: tests shorten the quiet period. */
    TrackerCommand seedWatch(SeedWatcher.Settings settings) {
        seedFolder.settings(settings);
        return this;
    }

    /**
     * Looks at the seed folder again, as SIGHUP asks; false while the tracker is still starting (the folder is being
     * read then anyway).
     */
    public boolean rescan() {
        return seedFolder.rescan();
    }

    /** Asks a running tracker to stop, as Ctrl-C does. */
    public void stop() {
        stop("asked to");
    }

    /**
     * Asks the tracker to stop and returns whether it will: false while it is still starting (hashing the seed
     * folder can take minutes), when the caller should end the program itself.
     */
    boolean stop(String reason) {
        if (stop.getCount() > 0) {
            stopReason = reason;
        }
        stop.countDown();
        return serving;
    }

    private void fail(String reason) {
        if (stop.getCount() > 0) {
            stopReason = reason;
            failed = true;
        }
        stop.countDown();
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (port < 1 || port > 65_535) {
            // Torrents carry the port, so it must be known before they are written.
            err.println("tracker: --quic must be between 1 and 65535");
            return 2;
        }
        if (intervalSeconds < 1) {
            err.println("tracker: --interval must be at least 1 second");
            return 2;
        }
        if (eventLoops != null && (eventLoops < 1 || eventLoops > 256)) {
            err.println("tracker: --event-loops must be 1 to 256");
            return 2;
        }
        try {
            SwarmStores.check(swarmStore);
        } catch (IllegalArgumentException e) {
            err.println("tracker: --swarm-store " + swarmStore + ": " + e.getMessage());
            return 2;
        }
        InetSocketAddress bindAddress;
        try {
            bindAddress = new InetSocketAddress(InetAddress.getByName(bind), port);
        } catch (UnknownHostException e) {
            err.println("tracker: --bind " + bind + ": unknown host");
            return 2;
        }
        AnnounceHostCheck.warning(host, bindAddress.getAddress(), port)
                .ifPresent(warning -> err.println("tracker: warning: " + warning));
        // Before anything is created or hashed: a busy port must not leave folders and a log behind.
        String busy = PortCheck.problem(bindAddress);
        busy = busy == null && metrics != null ? WebAddress.problem(metrics) : busy;
        if (busy != null) {
            err.println("tracker: " + busy);
            return EXIT_START_FAILED;
        }
        // Logging starts here, after the log file is known.
        System.setProperty("qtorrent.log.file", logFile.toString());
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TrackerCommand.class);
        try {
            Quic.ensureAvailability();
        } catch (Throwable e) {
            err.println("tracker: QUIC is not available on this platform: " + e.getMessage());
            return EXIT_START_FAILED;
        }

        NodeIdentity identity;
        ResetSecret resetSecret;
        try {
            identity = NodeIdentity.loadOrCreate(tlsDir, host);
            resetSecret = ResetSecret.loadOrCreate(tlsDir);
        } catch (IOException e) {
            err.println("tracker: cannot load or create the TLS identity in " + tlsDir + ": " + e.getMessage());
            return EXIT_START_FAILED;
        }
        QuicSettings settings;
        ServerLimits limits;
        try {
            settings = servingLimits.quicSettings();
            limits = servingLimits.serverLimits();
        } catch (IllegalArgumentException e) {
            err.println("tracker: " + e.getMessage());
            return 2;
        }
        try (SeedCatalog catalog = SeedCatalog.open(seedDir, announceUrl(host, port), identity.fingerprint())) {
            SwarmStores.Opened swarms;
            try {
                swarms = SwarmStores.open(swarmStore, Clock.systemUTC(), Duration.ofSeconds(intervalSeconds),
                        new AnnounceResponse.Peer(PEER_ID, host, port, identity.fingerprint().hex()));
            } catch (RuntimeException e) {
                err.println("tracker: --swarm-store " + swarmStore + ": " + e.getMessage());
                return EXIT_START_FAILED;
            }
            SwarmStore swarm = swarms.store();
            log.info("swarms are kept {}", swarms.description());
            serving = true;
            TrackerWeb web = TrackerWeb.of(metrics, catalog, swarm);
            try (swarms;
                 NodeServer server = TrackerEndpoint.create(settings, limits, identity, resetSecret, catalog,
                         swarm, web.observer()); web; SeedWatcher watcher = seedFolder.watch(catalog)) {
                try {
                    server.eventLoops(eventLoops == null ? Runtime.getRuntime().availableProcessors() : eventLoops)
                            .start(bindAddress);
                } catch (Exception e) {
                    if (e instanceof BindException || e.getCause() instanceof BindException) {
                        // Taken between the early check and now.
                        err.println("tracker: " + PortCheck.describe(bindAddress,
                                e instanceof BindException ? e : e.getCause()));
                        return EXIT_START_FAILED;
                    }
                    throw e;
                }
                String webProblem = web.start();
                if (webProblem != null) {
                    err.println("tracker: " + webProblem);
                    return EXIT_START_FAILED;
                }
                TrackerBanner.print(out, catalog, server, identity, bind, announceUrl(host, port), logFile,
                        web.banner());
                // The JVM exits once its hooks return, so the hook waits for the server and files to close.
                Thread hook = new Thread(() -> {
                    stop("the JVM is shutting down");
                    try {
                        stopped.await(5, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "tracker-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                server.failure().thenAccept(this::fail);
                onStarted.accept(server);
                stop.await();
                if (failed) {
                    log.error("stopping: {}", stopReason);
                    err.println("tracker: stopping: " + stopReason + " (see " + logFile + ")");
                } else {
                    log.info("stopping ({})", stopReason);
                }
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Already running the hook: the JVM is on its way out.
                }
            }
        }
        log.info("stopped");
        stopped.countDown();
        return failed ? EXIT_FAILED : EXIT_OK;
    }

    static String announceUrl(String host, int port) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return new TrackerUrl(bare, port).toString();
    }
}
