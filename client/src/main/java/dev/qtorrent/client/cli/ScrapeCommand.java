package dev.qtorrent.client.cli;

import dev.qtorrent.client.ClientContext;
import dev.qtorrent.client.ClientIdentity;
import dev.qtorrent.client.console.TerminalText;
import dev.qtorrent.client.download.DownloadException;
import dev.qtorrent.client.download.RemoteErrorException;
import dev.qtorrent.client.download.TrackerFailures;
import dev.qtorrent.common.message.ErrorResponse;
import dev.qtorrent.common.message.Response;
import dev.qtorrent.common.message.ScrapeRequest;
import dev.qtorrent.common.message.ScrapeResponse;
import dev.qtorrent.common.metainfo.AnnounceTiers;
import dev.qtorrent.common.metainfo.MagnetLink;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.common.tls.PinningTrustManager;
import io.netty.handler.codec.quic.Quic;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code scrape <torrent | magnet>...}: how many seeds and leechers each torrent's swarm has, and how many downloads
 * completed, asked of its tracker without joining the swarm (docs/PROTOCOL.md §5.12). Torrents of one tracker, with
 * one pin, go in one request.
 */
@Command(name = "scrape", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = RootCommand.VersionProvider.class,
        description = {
            "Asks each torrent's tracker how many seeds and leechers its swarm has and how many downloads "
                    + "completed, without joining the swarm: nothing is announced or downloaded.",
            "Torrents of one tracker are asked about together. A torrent the tracker does not know is reported as "
                    + "such."})
public final class ScrapeCommand implements Callable<Integer> {
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

    private final ClientContext context;

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private RootCommand root;

    @Parameters(arity = "1..*", paramLabel = "TORRENT",
            description = "The .torrent files or magnet links (magnet:?xt=urn:btih:...&tr=quic://host:port).")
    private List<String> sources;

    @Option(names = "--host", paramLabel = "HOST", description = "Ask this tracker instead of the torrents' own.")
    private String host;

    @Option(names = "--port", paramLabel = "PORT", description = "The tracker's UDP port, with or without --host.")
    private Integer port;

    @Mixin
    private TrackerOptions trackerOptions = new TrackerOptions();

    ScrapeCommand(ClientContext context) {
        this.context = context;
    }

    /** One torrent to ask about: its name, info hash, trackers and pin. */
    private record Asked(String source, String name, String infoHash, List<List<String>> trackers,
                         Optional<String> pin) {
        /** Torrents with the same trackers and pin are asked about together. */
        List<Object> tracker() {
            return List.of(trackers, pin);
        }
    }

    @Override
    public Integer call() throws Exception {
        trackerOptions.validate();
        if (port != null && (port < 1 || port > 65_535)) {
            throw new UsageException("--port must be between 1 and 65535");
        }
        Map<List<Object>, List<Asked>> byTracker = new LinkedHashMap<>();
        for (String source : sources) {
            Asked asked = read(source);
            byTracker.computeIfAbsent(asked.tracker(), key -> new ArrayList<>()).add(asked);
        }
        NodeIdentity identity = ClientIdentity.load(trackerOptions.stateDir(root, context));
        Quic.ensureAvailability();
        PrintWriter out = spec.commandLine().getOut();
        for (List<Asked> torrents : byTracker.values()) {
            Asked first = torrents.get(0);
            PinningTrustManager trust = trackerOptions.trust(first.source(), first.pin());
            TrackerTiers trackers = TrackerTiers.of(first.source(), first.trackers(), host, port, trust, identity,
                    new Random());
            try (NodeConnection connection = trackers.connect(trackerOptions.connectTimeout())) {
                for (int from = 0; from < torrents.size(); from += ScrapeRequest.MAX_INFO_HASHES) {
                    List<Asked> part = torrents.subList(from, Math.min(torrents.size(),
                            from + ScrapeRequest.MAX_INFO_HASHES));
                    print(out, part, scrape(connection, part), connection.address());
                }
            }
        }
        out.flush();
        return ExitCode.OK.code();
    }

    private static Asked read(String source) {
        if (MagnetLink.looksLikeMagnet(source)) {
            MagnetLink link = MagnetLink.parse(source);
            return new Asked(source, link.displayName().orElse(link.infoHash().hex()), link.infoHash().hex(),
                    link.trackers().stream().map(List::of).toList(), link.pin());
        }
        Metainfo metainfo = Metainfo.load(Path.of(source));
        return new Asked(source, metainfo.info().name(), metainfo.infoHash().hex(), AnnounceTiers.of(metainfo),
                metainfo.certificatePin());
    }

    private static ScrapeResponse scrape(NodeConnection connection, List<Asked> torrents)
            throws DownloadException, InterruptedException {
        ScrapeRequest request = new ScrapeRequest(torrents.stream().map(Asked::infoHash).distinct().toList());
        Response answer;
        try {
            answer = connection.exchange(request).get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw TrackerFailures.failed("scrape at " + connection.address(), e.getCause());
        } catch (TimeoutException e) {
            throw TrackerFailures.noAnswer(connection.address(), "scrape", ANSWER_TIMEOUT);
        }
        if (answer instanceof ErrorResponse error) {
            throw new RemoteErrorException(error);
        }
        if (!(answer instanceof ScrapeResponse scrape)) {
            throw new DownloadException("tracker " + connection.address() + " answered the scrape with " + answer);
        }
        return scrape;
    }

    private static void print(PrintWriter out, List<Asked> torrents, ScrapeResponse answer, String tracker) {
        int width = Math.min(48, torrents.stream().mapToInt(t -> TerminalText.strip(t.name()).length()).max()
                .orElse(0));
        for (Asked torrent : torrents) {
            ScrapeResponse.Swarm swarm = answer.files().get(torrent.infoHash());
            String counts = swarm == null ? "not known to the tracker at " + tracker
                    : ByteSize.count(swarm.complete(), "seed") + ", " + ByteSize.count(swarm.incomplete(), "leecher")
                    + ", " + ByteSize.count(swarm.downloaded(), "download") + " completed";
            out.printf("%-" + width + "s  %s  %s%n", TerminalText.strip(torrent.name()), counts,
                    torrent.infoHash());
        }
    }
}
