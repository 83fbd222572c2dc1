package dev.qtorrent.bench.swarm;

import dev.qtorrent.bench.BenchFiles;
import dev.qtorrent.bench.ChildProcess;
import dev.qtorrent.bench.OurPrograms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * quic-torrent in the swarm: the tracker seeds from the origin's namespace, announcing its own 10.x address, and one
 * client per downloader host downloads the torrent it wrote, each with its own state folder (so its own identity).
 */
final class OursSwarm {
    static final int PORT = 7001;
    private static final String READY = "Press Ctrl-C to stop.";
    /** The line a client logs for the piece bytes it received twice in its endgame, once it reports them. */
    static final Pattern REDUNDANT = Pattern.compile("redundant bytes: (\\d+)");

    private final Netns netns;
    private final Topology topology;
    private final Path work;
    private final OurPrograms programs;

    OursSwarm(Netns netns, Topology topology, Path work, OurPrograms programs) {
        this.netns = netns;
        this.topology = topology;
        this.work = work;
        this.programs = programs;
    }

    SwarmResult run(Path seedFile, Duration timeout) throws IOException, InterruptedException {
        Host origin = topology.origin();
        List<String> tracker = new ArrayList<>(programs.tracker());
        tracker.addAll(List.of("--quic", Integer.toString(PORT), "--bind", origin.address(),
                "--host", origin.address(), "--seed-dir", work.relativize(seedFile.getParent()).toString(), "--tls-dir", "tls",
                "--log-file", "logs/tracker.log"));
        try (ChildProcess server = netns.track(ChildProcess.start("tracker", origin.exec(tracker), work, Map.of()))) {
            if (server.awaitLine(line -> line.contains(READY), Duration.ofMinutes(10)).isEmpty()) {
                throw new IllegalStateException("the tracker did not start:" + System.lineSeparator()
                        + server.output());
            }
            Path torrent = seedFile.resolveSibling(seedFile.getFileName() + ".torrent");
            double originBefore = server.cpuSecondsNow();
            SwarmResult result = Downloaders.run("quic-torrent", netns, topology, timeout,
                    host -> ChildProcess.start("client " + host.label(), host.exec(client(host, torrent)), work,
                            Map.of("QTORRENT_LOG_FILE", log(host).toString())));
            double originCpu = server.cpuSecondsNow() - originBefore;
            for (Host host : topology.clients()) {
                BenchFiles.checkAndDelete(seedFile, output(host), "client " + host.label());
            }
            return result.withRedundantBytes(redundant()).withOriginCpuSeconds(originCpu);
        }
    }

    private List<String> client(Host host, Path torrent) {
        List<String> command = new ArrayList<>(programs.client());
        command.addAll(List.of("--state-dir", "state/" + host.label(), "download", "--no-progress",
                work.relativize(torrent).toString(), work.relativize(output(host)).toString()));
        return command;
    }

    /** The sum over the downloaders of what each reports, or empty while any of them does not report it. */
    private OptionalLong redundant() throws IOException {
        long sum = 0;
        for (Host host : topology.clients()) {
            Matcher last = null;
            for (String line : Files.readAllLines(log(host))) {
                Matcher m = REDUNDANT.matcher(line);
                if (m.find()) {
                    last = m;
                }
            }
            if (last == null) {
                return OptionalLong.empty();
            }
            sum += Long.parseLong(last.group(1));
        }
        return OptionalLong.of(sum);
    }

    private Path output(Host host) {
        return work.resolve("out").resolve("ours-" + host.label()).resolve(SwarmCommand.SEED_NAME);
    }

    private Path log(Host host) {
        return work.resolve("logs").resolve("client-" + host.label() + ".log");
    }
}
