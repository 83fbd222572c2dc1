package dev.qtorrent.client.cli;

import dev.qtorrent.client.ClientContext;
import dev.qtorrent.client.ClientIdentity;
import dev.qtorrent.client.StopSignals;
import dev.qtorrent.client.download.DownloadStoppedException;
import dev.qtorrent.client.download.DownloadTarget;
import dev.qtorrent.client.download.Downloader;
import dev.qtorrent.client.download.HeapTrim;
import dev.qtorrent.client.serve.ClientNode;
import dev.qtorrent.client.serve.PeerCheck;
import dev.qtorrent.client.serve.SharedTorrent;
import dev.qtorrent.client.serve.TrackerPeerCheck;
import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.metainfo.AnnounceTiers;
import dev.qtorrent.common.metainfo.InfoDictionary;
import dev.qtorrent.common.metainfo.MagnetLink;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.quic.HostPort;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.common.tls.PinningTrustManager;
import io.netty.handler.codec.quic.Quic;
import java.io.File;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code download <torrent> [output] [host] [port]}: fetch, verify and write one torrent. */
@Command(name = "download", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        versionProvider = RootCommand.VersionProvider.class,
        description = {
            "Downloads a torrent over QUIC from the peers its tracker lists, and from the tracker for what no peer "
                    + "holds. Every piece is checked against the torrent's SHA-1 before it counts; the data goes to "
                    + "OUTPUT.part and is renamed to OUTPUT only when complete.",
            "An existing OUTPUT is never replaced without --overwrite: when it matches the torrent it is checked "
                    + "piece by piece and reported complete.",
            "The tracker's certificate is checked against the fingerprint the torrent carries."})
public final class DownloadCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(DownloadCommand.class);
    /** Below this size a download is over before a progress line would help. */
    private static final long PROGRESS_MIN_BYTES = 4L << 20;
    /** Bytes per second of Ethernet-sized datagrams from which the optimizing compiler pays for itself. */
    private static final double FULL_JIT_RATE = 40e6;

    private final ClientContext context;

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private RootCommand root;

    @Parameters(index = "0", paramLabel = "TORRENT",
            description = "The .torrent file, or a magnet link (magnet:?xt=urn:btih:...&tr=quic://host:port).")
    private String source;

    @Parameters(index = "1", arity = "0..1", paramLabel = "OUTPUT",
            description = "Where to write: the file, or a multi-file torrent's folder (default: downloaded/<name>). "
                    + "An existing folder, or a name ending in /, gets <name> inside it.")
    private String output;

    @Parameters(index = "2", arity = "0..1", paramLabel = "HOST",
            description = "Tracker host (default: from the torrent's announce URL).")
    private String host;

    @Parameters(index = "3", arity = "0..1", paramLabel = "PORT",
            description = "Tracker UDP port (default: from the torrent's announce URL).")
    private Integer port;

    @Mixin
    private FetchOptions fetch = new FetchOptions();

    @Option(names = "--overwrite",
            description = "Replace an existing OUTPUT that differs from the torrent, once the new download is "
                    + "complete and verified (default: refuse; data that matches is reported complete).")
    private boolean overwrite;

    @Mixin
    private TrackerOptions trackerOptions = new TrackerOptions();

    @Mixin
    private ListenOptions listen = new ListenOptions();

    @Mixin
    private StayOptions stay = new StayOptions();

    @Option(names = "--progress", negatable = true,
            description = "Show a progress line (default: on a terminal, for files of 4 MiB or more).")
    private Boolean progress;

    DownloadCommand(ClientContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        validate();
        warmUpJsonWhileConnecting();
        MagnetLink magnet = MagnetLink.looksLikeMagnet(source) ? MagnetLink.parse(source) : null;
        Metainfo torrentFile = magnet == null ? Metainfo.load(Path.of(source)) : null;
        PinningTrustManager trust = trackerOptions.trust(source,
                magnet == null ? torrentFile.certificatePin() : magnet.pin());
        Path state = trackerOptions.stateDir(root, context);
        NodeIdentity identity = ClientIdentity.load(state, context.identity());
        // A magnet link's trackers have no tiers: each is one, in the link's order.
        TrackerTiers connector = TrackerTiers.of(source, magnet == null ? AnnounceTiers.of(torrentFile)
                : magnet.trackers().stream().map(List::of).toList(), host, port, trust, identity, new Random());
        InetSocketAddress tracker = connector.first();
        Quic.ensureAvailability();
        context.jit().start();
        try (StopSignals.Scope stop = context.signals().scope();
             ListenOptions.Lazy node = listen.lazy(tracker, identity, state, spec.commandLine().getErr());
             TrackerPeerCheck peerCheck = new TrackerPeerCheck(connector)) {
            try {
                return download(magnet, torrentFile, tracker, trust, identity, connector, node, peerCheck, stop);
            } catch (Exception e) {
                Optional<StopSignals.Kind> signal = stop.received();
                if (signal.isEmpty()) {
                    throw e;
                }
                PrintWriter err = spec.commandLine().getErr();
                err.println(e instanceof DownloadStoppedException ? e.getMessage()
                        : "stopped before any piece was downloaded; nothing was changed");
                err.flush();
                return (signal.get() == StopSignals.Kind.TERM ? ExitCode.TERMINATED : ExitCode.INTERRUPTED).code();
            }
        }
    }

    /**
     * Claims the output, checks what is already there, and downloads what is missing. A .torrent file needs no
     * tracker for the check; a magnet link needs one for the torrent itself.
     */
    private int download(MagnetLink magnet, Metainfo torrentFile, InetSocketAddress tracker,
                         PinningTrustManager trust, NodeIdentity identity, Downloader.Connector connector,
                         ListenOptions.Lazy node, PeerCheck peerCheck, StopSignals.Scope stop) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Downloader.Result result;
        Path target;
        DownloadMessages messages = null;
        TransferMeter meter = new TransferMeter();
        NodeConnection connection = null;
        Metainfo metainfo = torrentFile;
        SharedTorrent shared;
        String peerId;
        try {
            if (magnet != null) {
                connection = connect(connector, trust);
                metainfo = MetainfoFetch.fetch(connection, magnet, tracker);
            }
            target = outputPath(output, metainfo.info());
            log.info("downloading {} ({} bytes, info hash {}) from {} to {}", metainfo.info().name(),
                    metainfo.info().totalLength(), metainfo.infoHash().hex(), HostPort.format(tracker), target);
            boolean showProgress = progress != null ? progress
                    : context.terminal() && metainfo.info().totalLength() >= PROGRESS_MIN_BYTES;
            PrintWriter err = spec.commandLine().getErr();
            messages = new DownloadMessages(err, meter, showProgress
                    ? new ProgressLine(err, meter, TerminalWidth.of(context.env(), context.terminal())) : null);
            try (DownloadTarget claimed = DownloadTarget.claim(target, overwrite, source)) {
                boolean complete = claimed.alreadyComplete(metainfo.info(), messages);
                if (!complete) {
                    // The node comes up while this thread connects to the tracker: neither needs the other.
                    node.startInBackground();
                    if (connection == null) {
                        connection = connect(connector, trust);
                    }
                }
                shared = complete && !stay.enabled() ? null : share(metainfo, node, peerCheck);
                if (complete) {
                    messages.finish();
                    out.println(DownloadMessages.alreadyComplete(target, metainfo.info()));
                    out.flush();
                    if (connection != null) {
                        connection.close();
                    }
                    return stay.enabled() ? stay.stay(metainfo, target, shared, connector,
                            trackerOptions.connectTimeout(), AnnounceRequest.Event.STARTED,
                            Downloader.newPeerId(), stop, out, spec.commandLine().getErr()) : ExitCode.OK.code();
                }
                if (connection == null) {
                    connection = connect(connector, trust);
                }
                compileFor(connection, messages);
                Downloader.Options options = fetch.options();
                if (HeapTrim.pays(metainfo.info().totalLength(), stay.enabled())) {
                    HeapTrim.afterStartup();
                }
                Downloader downloader = new Downloader(connector, connection, metainfo, claimed, options, messages,
                        shared).staysAfter(stay.enabled()).peers(identity, trackerOptions.connectTimeout());
                peerId = downloader.peerId();
                result = downloader.run();
            }
        } finally {
            if (connection != null) {
                connection.close();
            }
            if (messages != null) {
                messages.finish();
            }
        }
        out.println(DownloadMessages.summary(target, result, meter));
        out.flush();
        log.info("downloaded {} in {} s", target, result.elapsed().toNanos() / 1e9);
        if (stay.enabled()) {
            return stay.stay(metainfo, target, shared, connector, trackerOptions.connectTimeout(), null, peerId,
                    stop, out, spec.commandLine().getErr());
        }
        return ExitCode.OK.code();
    }

    /**
     * Starts the client's node if it is not running, and has it serve {@code metainfo}'s torrent, asking the tracker
     * through {@code peerCheck} about a private torrent's peers this client has not seen listed.
     */
    private static SharedTorrent share(Metainfo metainfo, ListenOptions.Lazy lazy, PeerCheck peerCheck)
            throws Exception {
        ClientNode node = lazy.get().orElse(null);
        SharedTorrent shared = new SharedTorrent(metainfo, node == null ? 0 : node.port(), peerCheck);
        if (node != null) {
            node.pieces().add(shared);
        }
        return shared;
    }

    private NodeConnection connect(Downloader.Connector connector, PinningTrustManager trust)
            throws Exception {
        NodeConnection connection = connector.connect(trackerOptions.connectTimeout());
        if (trackerOptions.insecure()) {
            spec.commandLine().getErr().println("warning: --insecure: accepted the tracker's certificate without "
                    + "checking it (sha256=" + trust.presented().map(Object::toString).orElse("?") + ")");
        }
        return connection;
    }

    /**
     * Keeps the quick compiler for the transfer (see {@link dev.qtorrent.common.runtime.TransferJit}) until the
     * per-packet Java work pays for the optimizing one: at once with Ethernet-sized datagrams from the tracker on a
     * fast download, never on a slow one (a swarm on ordinary links), whose start-up compiling would cost more CPU
     * than it saves.
     */
    private void compileFor(NodeConnection connection, DownloadMessages messages) {
        if (!connection.receivesLargeDatagrams()) {
            messages.whenFasterThan(FULL_JIT_RATE, () -> {
                log.info("downloading faster than {} MB/s: the optimizing compiler takes over", FULL_JIT_RATE / 1e6);
                context.jit().withdraw();
            });
        }
    }

    /**
     * Loads the JSON classes a download uses on another thread while this one connects; see
     * {@link MessageCodec#warmUpForDownloads()}.
     */
    private static void warmUpJsonWhileConnecting() {
        Thread warm = new Thread(() -> new MessageCodec().warmUpForDownloads(), "json-warm-up");
        warm.setDaemon(true);
        warm.start();
    }

    private void validate() {
        listen.validate();
        stay.validate(listen);
        trackerOptions.validate();
        if (port != null && (port < 1 || port > 65_535)) {
            throw new UsageException("PORT must be between 1 and 65535, got " + port);
        }
        fetch.validate();
    }

    /**
     * Where the download goes: {@code downloaded/<name>} by default; inside OUTPUT when it names an existing folder
     * or ends in a separator (the folder is made if missing); else OUTPUT itself, the file of a single-file torrent
     * or the root folder of a multi-file one.
     */
    static Path outputPath(String output, InfoDictionary info) {
        String name = info.name();
        if (output == null) {
            return Path.of("downloaded", name);
        }
        Path path = Path.of(output);
        if (output.endsWith("/") || output.endsWith(File.separator)) {
            return path.resolve(name);
        }
        if (!Files.isDirectory(path)) {
            return path;
        }
        // An existing folder receives the download inside it, unless it is this torrent's own root from an earlier
        // run of the same command (`download album.torrent music` twice): nesting it again would surprise.
        return info.isMultiFile() && !Files.exists(path.resolve(name)) && holdsFirstFile(path, info)
                ? path : path.resolve(name);
    }

    private static boolean holdsFirstFile(Path folder, InfoDictionary info) {
        return info.files().stream().filter(file -> !file.padding()).findFirst()
                // A multi-file entry's path starts with the torrent's name, the root folder's own name.
                .map(file -> Files.isRegularFile(folder.resolve(String.join(File.separator,
                        file.path().subList(1, file.path().size())))))
                .orElse(false);
    }
}
