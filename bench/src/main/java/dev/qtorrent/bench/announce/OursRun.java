package dev.qtorrent.bench.announce;

import dev.qtorrent.bench.ProcStat;
import dev.qtorrent.bench.Quiet;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.Response;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.common.tls.PinningTrustManager;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The half of the benchmark that measures our tracker. */
final class OursRun {
    private final PrintWriter out;
    private final int connections;
    private final int streams;
    private final int threads;
    private final int warmup;
    private final int seconds;
    private final int connectSeconds;
    private final Quiet quiet;
    /** How the lines name this run: "our tracker", or with its swarm store. */
    private String label = "our tracker";
    private List<String> options = List.of();

    OursRun(PrintWriter out, Quiet quiet, int connections, int streams, int threads, int warmup, int seconds, int connectSeconds) {
        this.out = out;
        this.quiet = quiet;
        this.connections = connections;
        this.streams = streams;
        this.threads = threads;
        this.warmup = warmup;
        this.seconds = seconds;
        this.connectSeconds = connectSeconds;
    }

    /** Runs the tracker with {@code options}, naming it {@code label} in the lines printed. */
    OursRun with(String label, List<String> options) {
        this.label = label;
        this.options = options;
        return this;
    }

    /** The workload both trackers get (the torrents are our tracker's), and our tracker's figures. */
    record Result(Workload workload, TrackerFigures figures) {
    }

    /** Measures the tracker that {@code program} starts (its command before the tracker's own arguments). */
    Result run(Path work, List<String> program, int torrents, int peers, int numwant) throws Exception {
        quiet.await();
        try (OurTracker tracker = OurTracker.start(work, program, torrents, options)) {
            out.printf(label + ": serving %d torrents %.1f s after start%n", torrents, tracker.startSeconds());
            Workload workload = new Workload(tracker.infoHashes(), peers, numwant);
            // Every announce presents this one certificate, as one client would: peers are keyed by peer id and
            // address, and an entry belongs to the certificate that made it.
            NodeIdentity identity = NodeIdentity.generate(NodeIdentity.Role.PEER, null);
            try (QuicLoad load = new QuicLoad(tracker.address(), tracker.pin(), identity, threads)) {
                load.connect(connections, streams, Duration.ofSeconds(10));
                long filling = System.nanoTime();
                load.populate(workload.encoded(0), Duration.ofMinutes(3));
                out.printf(label + ": %,d announces (numwant 0) filled the swarms in %.1f s (transport %s)%n",
                        workload.size(), (System.nanoTime() - filling) / 1e9, load.transportName());
                int answerPeers = samplePeers(tracker, identity, workload);

                load.run(workload.encoded(workload.numwant()));
                TimeUnit.SECONDS.sleep(warmup);
                long self = ProcessHandle.current().pid();
                double cpuBefore = tracker.cpuSeconds();
                double selfBefore = ProcStat.cpuSeconds(self);
                double mark = quiet.mark();
                long start = System.nanoTime();
                LoadConnection.WindowCounts warm = load.measure(start, start + TimeUnit.SECONDS.toNanos(seconds));
                double cpu = tracker.cpuSeconds() - cpuBefore;
                double generator = ProcStat.cpuSeconds(self) - selfBefore;
                double otherLoad = quiet.otherLoad(mark, cpu + generator, seconds);
                load.stop();
                double rate = warm.announces / (double) seconds;
                out.printf(label + ": %,.0f announces/s, p50 %.2f ms, p99 %.2f ms, %d failed%n", rate,
                        warm.latency.percentile(50) / 1000, warm.latency.percentile(99) / 1000, warm.failures);
                TimeUnit.MILLISECONDS.sleep(500);

                ConnectionChurn churn = new ConnectionChurn(load);
                churn.start(connections);
                TimeUnit.SECONDS.sleep(AnnounceCommand.CONNECT_WARMUP_SECONDS);
                double churnCpuBefore = tracker.cpuSeconds();
                double churnSelfBefore = ProcStat.cpuSeconds(self);
                start = System.nanoTime();
                long[] fresh = churn.measure(start, start + TimeUnit.SECONDS.toNanos(connectSeconds));
                double churnCpu = tracker.cpuSeconds() - churnCpuBefore;
                double churnGenerator = ProcStat.cpuSeconds(self) - churnSelfBefore;
                churn.stop();
                double connectRate = fresh[0] / (double) connectSeconds;
                out.printf(label + ": %,.0f new connections/s, %d failed%n", connectRate, fresh[1]);
                TimeUnit.MILLISECONDS.sleep(500);

                return new Result(workload, new TrackerFigures(rate, warm.latency.percentile(50),
                        warm.latency.percentile(99), 1e6 * cpu / warm.announces, tracker.peakRssBytes(),
                        connectRate, 1e6 * churnCpu / fresh[0], 1e6 * generator / warm.announces, 1e6 * churnGenerator / fresh[0], answerPeers,
                        warm.bytes / (double) warm.announces, warm.failures + fresh[1], otherLoad));
            }
        }
    }

    /** Peers listed in one answer, decoded as a client does: shows that the swarms were filled. */
    private static int samplePeers(OurTracker tracker, NodeIdentity identity, Workload workload) throws Exception {
        try (NodeConnection connection = NodeConnection.connect("tracker", tracker.address(),
                PinningTrustManager.pinned(tracker.pin()), identity, QuicSettings.defaults(),
                Duration.ofSeconds(5))) {
            Response answer = connection.exchange(workload.request(0)).get(10, TimeUnit.SECONDS);
            if (!(answer instanceof AnnounceResponse announce)) {
                throw new IllegalStateException("the tracker answered an announce with " + answer);
            }
            return announce.peers().size();
        }
    }
}
