package dev.qtorrent.client.cli;

import dev.qtorrent.client.ClientContext;
import dev.qtorrent.client.ClientIdentity;
import dev.qtorrent.client.download.LocalStorageException;
import dev.qtorrent.common.metainfo.MagnetLink;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.metainfo.PieceLengths;
import dev.qtorrent.common.metainfo.TorrentFiles;
import dev.qtorrent.common.metainfo.TrackerUrl;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.storage.HashProgress;
import dev.qtorrent.common.storage.TorrentWriter;
import dev.qtorrent.common.tls.Fingerprint;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.common.tls.PinningTrustManager;
import io.netty.handler.codec.quic.Quic;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code create <file-or-folder>}: write a standard torrent for a quic-torrent tracker. */
@Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = RootCommand.VersionProvider.class,
        description = {
            "Writes a standard BEP 3 torrent for a file (single-file torrent) or a folder (multi-file torrent), "
                    + "announcing a quic-torrent tracker and pinning its certificate.",
            "Without --pin, the pin is read from the tracker on first contact and printed: compare it with the "
                    + "fingerprint the tracker printed when it started."})
public final class CreateCommand implements Callable<Integer> {
    private final ClientContext context;

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private RootCommand root;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "The file or folder to describe.")
    private Path source;

    @Option(names = {"-t", "--tracker"}, paramLabel = "URL", required = true,
            description = "The tracker's announce URL, quic://HOST:PORT. Given more than once, the torrent lists "
                    + "every one as a tier of its own (announce-list), tried in this order: instances of one "
                    + "tracker that share its identity, since the torrent carries a single pin.")
    private List<String> trackers;

    @Option(names = "--pin", paramLabel = "SHA256",
            description = "The tracker certificate's SHA-256 fingerprint (default: read from the tracker).")
    private String pin;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where to write the torrent (default: SOURCE.torrent beside the source).")
    private Path output;

    @Option(names = {"-l", "--piece-length"}, paramLabel = "SIZE",
            description = "Piece length, a power of two from 16K to 16M, e.g. 256K or 1M (default: about 1,000 to "
                    + "2,000 pieces).")
    private String pieceLength;

    @Option(names = {"-c", "--comment"}, paramLabel = "TEXT", description = "A comment stored in the torrent.")
    private String comment;

    @Option(names = {"-p", "--private"}, description = "Mark the torrent private (BEP 27).")
    private boolean privateFlag;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "5",
            description = "Seconds to wait for the tracker when reading its pin (default: ${DEFAULT-VALUE}).")
    private int connectTimeout;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "The state folder, whose identity is presented to the tracker when reading its pin "
                    + "(default: $XDG_DATA_HOME/qtorrent, or ~/.local/share/qtorrent).")
    private Path stateDir;

    CreateCommand(ClientContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        InetSocketAddress address = trackerAddress();
        long length = pieceLength == null ? 0 : parseSize(pieceLength);
        if (!Files.exists(source)) {
            throw new UsageException(source + ": no such file or folder");
        }
        if (!TorrentFiles.holdsData(source)) {
            throw new UsageException(source + " is " + TorrentFiles.EMPTY_DATA);
        }
        Fingerprint fingerprint = pin != null ? parsePin() : readPin(address, out);
        Metainfo metainfo;
        try {
            long chosen = length > 0 ? length : PieceLengths.choose(TorrentFiles.totalSize(source));
            metainfo = TorrentWriter.create(source, new TorrentWriter.Options(trackers.get(0), fingerprint.hex(),
                    chosen, comment, privateFlag, null, trackers.size() > 1
                            ? trackers.stream().map(List::of).toList() : List.of()), HashProgress.none());
        } catch (IOException e) {
            throw LocalStorageException.reading(source, e);
        }
        Path target = output != null ? output
                : source.toAbsolutePath().normalize().resolveSibling(metainfo.info().name() + ".torrent");
        try {
            TorrentWriter.write(metainfo, target);
        } catch (IOException e) {
            throw new LocalStorageException(target, e);
        }
        out.printf("Wrote %s%n", target);
        out.printf("  name %s, %s in %s, %s of %s%s%n", metainfo.info().name(),
                ByteSize.format(metainfo.info().totalLength()), ByteSize.count(metainfo.info().files().size(), "file"),
                ByteSize.count(metainfo.info().pieceCount(), "piece"), ByteSize.format(metainfo.info().pieceLength()),
                privateFlag ? ", private" : "");
        out.printf("  info hash %s%n", metainfo.infoHash().hex());
        out.printf("  magnet %s%n", MagnetLink.of(metainfo));
        out.flush();
        return ExitCode.OK.code();
    }

    /** The first tracker, whose pin is read when none is given; every one must be a quic:// URL. */
    private InetSocketAddress trackerAddress() {
        List<TrackerUrl> urls = new ArrayList<>();
        for (String tracker : trackers) {
            try {
                urls.add(TrackerUrl.parse(tracker));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--tracker: " + e.getMessage());
            }
        }
        return InetSocketAddress.createUnresolved(urls.get(0).host(), urls.get(0).port());
    }

    private Fingerprint parsePin() {
        try {
            return Fingerprint.parse(pin);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--pin: " + e.getMessage());
        }
    }

    /** Trust on first use: connect accepting any certificate and pin the one presented. */
    private Fingerprint readPin(InetSocketAddress address, PrintWriter out) throws Exception {
        Quic.ensureAvailability();
        PinningTrustManager any = PinningTrustManager.insecure();
        InetSocketAddress resolved = new InetSocketAddress(address.getHostString(), address.getPort());
        NodeIdentity identity = ClientIdentity.load(RootCommand.stateDir(stateDir, root, context));
        try (NodeConnection connection = NodeConnection.connect("tracker", resolved, any, identity,
                QuicSettings.defaults(), Duration.ofSeconds(connectTimeout))) {
            Fingerprint presented = any.presented().orElseThrow();
            out.printf("Pinned the certificate %s presented: sha256=%s%n", connection.address(), presented);
            out.println("  (check it against the fingerprint the tracker printed when it started)");
            return presented;
        }
    }

    static long parseSize(String text) {
        long value = ByteSize.parse(text, "--piece-length");
        if (value < PieceLengths.MIN || value > PieceLengths.MAX || Long.bitCount(value) != 1) {
            throw new UsageException("--piece-length must be a power of two from 16K to 16M, got " + text);
        }
        return value;
    }
}
