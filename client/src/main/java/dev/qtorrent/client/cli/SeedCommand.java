package dev.qtorrent.client.cli;

import dev.qtorrent.client.ClientContext;
import dev.qtorrent.client.ClientIdentity;
import dev.qtorrent.client.StopSignals;
import dev.qtorrent.client.download.Downloader;
import dev.qtorrent.client.download.SeedData;
import dev.qtorrent.client.serve.ClientNode;
import dev.qtorrent.client.serve.Seeder;
import dev.qtorrent.client.serve.SharedTorrent;
import dev.qtorrent.client.serve.TrackerPeerCheck;
import dev.qtorrent.common.metainfo.AnnounceTiers;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.quic.HostPort;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.storage.PieceStore;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.common.tls.PinningTrustManager;
import io.netty.handler.codec.quic.Quic;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Random;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code seed <torrent> [data] [host] [port]}: check existing data, then serve it to peers until stopped. */
@Command(name = "seed", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        versionProvider = RootCommand.VersionProvider.class,
        description = {
            "Seeds a torrent: checks DATA piece by piece against the torrent, then serves it to peers and "
                    + "announces it to the tracker as complete, again at every interval the tracker asks for, "
                    + "until Ctrl-C. On leaving it announces stopped, so the tracker stops listing it."})
public final class SeedCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(SeedCommand.class);

    private final ClientContext context;

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private RootCommand root;

    @Parameters(index = "0", paramLabel = "TORRENT", description = "The .torrent file.")
    private Path source;

    @Parameters(index = "1", arity = "0..1", paramLabel = "DATA",
            description = "The torrent's file, or a multi-file torrent's folder (default: downloaded/<name>, where "
                    + "download puts it).")
    private Path data;

    @Parameters(index = "2", arity = "0..1", paramLabel = "HOST",
            description = "Tracker host (default: from the torrent's announce URL).")
    private String host;

    @Parameters(index = "3", arity = "0..1", paramLabel = "PORT",
            description = "Tracker UDP port (default: from the torrent's announce URL).")
    private Integer port;

    @Mixin
    private TrackerOptions trackerOptions = new TrackerOptions();

    @Mixin
    private ListenOptions listen = new ListenOptions();

    @Option(names = "--progress", negatable = true,
            description = "Show a progress line while checking DATA (default: on a terminal).")
    private Boolean progress;

    SeedCommand(ClientContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        validate();
        Metainfo metainfo = Metainfo.load(source);
        PinningTrustManager trust = trackerOptions.trust(source.toString(), metainfo.certificatePin());
        Path state = trackerOptions.stateDir(root, context);
        NodeIdentity identity = ClientIdentity.load(state, context.identity());
        TrackerTiers connector = TrackerTiers.of(source.toString(), AnnounceTiers.of(metainfo), host, port, trust,
                identity, new Random());
        InetSocketAddress tracker = connector.first();
        Path target = data != null ? data : DownloadCommand.outputPath(null, metainfo.info());
        Quic.ensureAvailability();
        PrintWriter err = spec.commandLine().getErr();
        try (StopSignals.Scope stop = context.signals().scope()) {
            PieceStore store;
            try {
                store = check(target, metainfo, err);
            } catch (InterruptedException e) {
                err.println("stopped while checking " + target + "; nothing was served");
                err.flush();
                return (stop.received().orElse(StopSignals.Kind.INT) == StopSignals.Kind.TERM
                        ? ExitCode.TERMINATED : ExitCode.INTERRUPTED).code();
            }
            try (store; ClientNode node = listen.start(tracker, identity, state, err).orElse(null);
                 TrackerPeerCheck peerCheck = new TrackerPeerCheck(connector)) {
                SharedTorrent shared = new SharedTorrent(metainfo, node == null ? 0 : node.port(), peerCheck);
                BitSet all = new BitSet();
                all.set(0, shared.layout().pieceCount());
                shared.opened(store, all);
                if (node != null) {
                    node.pieces().add(shared);
                }
                NodeConnection connection = connector.connect(trackerOptions.connectTimeout());
                log.info("seeding {} from {} to {}", metainfo.info().name(), target, HostPort.format(tracker));
                err.println("seeding " + metainfo.info().name() + " from " + target + "; Ctrl-C to stop");
                err.flush();
                new Seeder(connector, connection, metainfo, shared, trackerOptions.connectTimeout(),
                        Downloader.newPeerId()).run(Seeder.Leave.NEVER);
                PrintWriter out = spec.commandLine().getOut();
                out.println("stopped seeding " + metainfo.info().name() + ": " + ByteSize.format(shared.uploaded())
                        + " sent to peers");
                out.flush();
                return stop.received().map(kind -> kind == StopSignals.Kind.TERM ? ExitCode.TERMINATED
                        : ExitCode.INTERRUPTED).orElse(ExitCode.OK).code();
            }
        }
    }

    /** Checks the data with a progress line, as a download checks an existing output. */
    private PieceStore check(Path target, Metainfo metainfo, PrintWriter err) throws Exception {
        boolean showProgress = progress != null ? progress : context.terminal();
        DownloadMessages messages = new DownloadMessages(err, new TransferMeter(), showProgress
                ? new ProgressLine(err, new TransferMeter(), TerminalWidth.of(context.env(), context.terminal()))
                : null);
        try {
            return SeedData.open(target, metainfo.info(), messages);
        } finally {
            messages.finish();
        }
    }

    private void validate() {
        listen.validate();
        if (!listen.serves()) {
            throw new UsageException("--no-listen leaves a seed nobody to serve: give --listen PORT or no option");
        }
        trackerOptions.validate();
        if (port != null && (port < 1 || port > 65_535)) {
            throw new UsageException("PORT must be between 1 and 65535, got " + port);
        }
    }
}
