package dev.qtorrent.bench.slow;

import dev.qtorrent.bench.BenchFiles;
import dev.qtorrent.bench.ChildProcess;
import dev.qtorrent.bench.OurPrograms;
import dev.qtorrent.bench.ProcStat;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The processes of {@code bench slow} in one work folder: the tracker seeding one random file over loopback, and
 * clients started one at a time to download it, at full speed, under {@code --max-rate}, or to stay and seed.
 */
final class SlowRuns implements AutoCloseable {
    static final String SEED_NAME = "slow.bin";
    private static final String TRACKER_READY = "Press Ctrl-C to stop.";
    private static final String SEEDING = "; Ctrl-C to stop";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final long THREAD_SAMPLE_MILLIS = 200;

    private final Path work;
    private final OurPrograms programs;
    private final long size;
    private final Path seedFile;
    private ChildProcess tracker;
    private int port;

    SlowRuns(Path work, OurPrograms programs, long size) throws IOException {
        this.work = work;
        this.programs = programs;
        this.size = size;
        Files.createDirectories(work.resolve("seed"));
        Files.createDirectories(work.resolve("logs"));
        this.seedFile = work.resolve("seed").resolve(SEED_NAME);
    }

    /** Writes the seed file and starts the tracker, which hashes it and writes its .torrent. */
    void startTracker() throws IOException, InterruptedException {
        BenchFiles.writeRandom(seedFile, size);
        port = freeUdpPort();
        List<String> command = new ArrayList<>(programs.tracker());
        command.addAll(List.of("--quic", Integer.toString(port), "--bind", "127.0.0.1", "--host", "127.0.0.1",
                "--seed-dir", "seed", "--tls-dir", "tls", "--log-file", "logs/tracker.log"));
        tracker = ChildProcess.start("tracker", command, work, Map.of());
        await(tracker, TRACKER_READY);
        if (!Files.isRegularFile(torrent())) {
            throw new IllegalStateException("the tracker is ready but wrote no " + torrent());
        }
    }

    /** One download to completion by a fresh client with {@code options} added; checks the bytes it wrote. */
    SlowReport.Transfer download(String label, List<String> options) throws IOException, InterruptedException {
        double trackerBefore = ProcStat.cpuSeconds(tracker.pid());
        double childrenBefore = ProcStat.reapedChildrenCpuSeconds();
        ChildProcess client = startClient(label, List.of(), options);
        AtomicReference<ThreadTable> lastSeen = sampleThreads(client);
        int code = client.await(Duration.ofHours(2));
        double cpu = ProcStat.reapedChildrenCpuSeconds() - childrenBefore;
        double trackerCpu = ProcStat.cpuSeconds(tracker.pid()) - trackerBefore;
        if (code != 0) {
            throw new IllegalStateException("client " + label + " failed with exit code " + code + ":"
                    + System.lineSeparator() + client.output());
        }
        checkAndDelete(label);
        return new SlowReport.Transfer(label, size, client.elapsedSeconds(), cpu, trackerCpu,
                lastSeen.get().since(ThreadTable.EMPTY));
    }

    /**
     * A client that downloads the file, stays to seed it ({@code download --seed}, connected to the tracker), and
     * is watched for {@code window} after {@code settle} has passed, together with the tracker.
     */
    SlowReport.Idle idle(Duration settle, Duration window) throws IOException, InterruptedException {
        try (ChildProcess client = startClient("idle", List.of("--seed"), List.of())) {
            await(client, SEEDING);
            Thread.sleep(settle.toMillis());
            ThreadTable clientBefore = ThreadTable.read(client.pid());
            ThreadTable trackerBefore = ThreadTable.read(tracker.pid());
            long started = System.nanoTime();
            Thread.sleep(window.toMillis());
            ThreadTable clientAfter = ThreadTable.read(client.pid());
            ThreadTable trackerAfter = ThreadTable.read(tracker.pid());
            double seconds = (System.nanoTime() - started) / 1e9;
            if (clientAfter.threads().isEmpty()) {
                throw new IllegalStateException("the seeding client exited while idle:" + System.lineSeparator()
                        + client.output());
            }
            return new SlowReport.Idle(seconds, clientAfter.since(clientBefore), trackerAfter.since(trackerBefore));
        }
    }

    private ChildProcess startClient(String label, List<String> before, List<String> after) throws IOException {
        List<String> command = new ArrayList<>(programs.client());
        command.add("download");
        command.addAll(before);
        command.addAll(List.of(work.relativize(torrent()).toString(), work.relativize(output(label)).toString()));
        command.addAll(after);
        return ChildProcess.start("client " + label, command, work, Map.of(
                "QTORRENT_LOG_FILE", work.resolve("logs").resolve("client-" + label + ".log").toString(),
                "XDG_DATA_HOME", work.resolve("state").toString()));
    }

    /**
     * Reads the client's threads every 200 ms while it runs, into one table where each thread keeps what it was
     * last seen to use, so that threads that end before the process still count.
     */
    private static AtomicReference<ThreadTable> sampleThreads(ChildProcess client) {
        AtomicReference<ThreadTable> last = new AtomicReference<>(ThreadTable.EMPTY);
        Thread sampler = new Thread(() -> {
            while (true) {
                ThreadTable now = ThreadTable.read(client.pid());
                if (now.threads().isEmpty()) {
                    return;
                }
                last.set(last.get().updatedBy(now));
                try {
                    Thread.sleep(THREAD_SAMPLE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, client.name() + "-threads");
        sampler.setDaemon(true);
        sampler.start();
        return last;
    }

    private void checkAndDelete(String label) throws IOException {
        Path output = output(label);
        if (!Files.isRegularFile(output) || Files.mismatch(seedFile, output) != -1) {
            throw new IllegalStateException("client " + label + " wrote " + output + " but it differs from the seed");
        }
        Files.delete(output);
    }

    private Path torrent() {
        return seedFile.resolveSibling(SEED_NAME + ".torrent");
    }

    private Path output(String label) {
        return work.resolve("out").resolve(label).resolve(SEED_NAME);
    }

    private static void await(ChildProcess child, String marker) throws InterruptedException {
        child.awaitLine(line -> line.contains(marker), START_TIMEOUT).orElseThrow(() -> new IllegalStateException(
                child.name() + " did not get ready:" + System.lineSeparator() + child.output()));
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (tracker != null) {
            tracker.close();
        }
    }
}
