package dev.qtorrent.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The benchmark's workbench: a work folder with a seed file, and the processes it starts from the built jars (the
 * tracker, the clients, and the two halves of the bare transfer), each a fresh JVM started with plain {@code java}.
 */
final class Lab implements AutoCloseable {
    static final String SEED_NAME = "bench.bin";
    private static final String TRACKER_READY = "Press Ctrl-C to stop.";
    private static final Pattern RAW_PHASE =
            Pattern.compile(Pattern.quote(RawClient.RESULT) + " (\\d+) bytes in (\\d+) ns");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(20);

    private final Path work;
    private final boolean temporary;
    private final Path trackerJar;
    private final Path clientJar;
    private final Path launchers;
    private final List<String> clientJavaOptions;
    private final boolean nio;
    private final long size;
    private final PrintWriter out;
    private final Path seedFile;
    private final int trackerPort;
    private final int rawPort;
    private ChildProcess tracker;
    private ChildProcess rawServer;
    private String rawPin;

    /**
     * @param launchers the folder of the launchers that start our tracker and client ({@code bin}), or null to start
     *                  the jars with plain {@code java -jar}
     */
    Lab(Path workDir, Path trackerJar, Path clientJar, Path launchers, List<String> clientJavaOptions, boolean nio,
        long size, PrintWriter out) throws IOException {
        this.temporary = workDir == null;
        this.work = temporary ? Files.createTempDirectory("qtorrent-bench-")
                : Files.createDirectories(workDir).toAbsolutePath();
        this.trackerJar = trackerJar.toAbsolutePath();
        this.clientJar = clientJar.toAbsolutePath();
        this.launchers = launchers == null ? null : launchers.toAbsolutePath();
        this.clientJavaOptions = List.copyOf(clientJavaOptions);
        this.nio = nio;
        this.size = size;
        this.out = out;
        Files.createDirectories(work.resolve("seed"));
        Files.createDirectories(work.resolve("logs"));
        this.seedFile = work.resolve("seed").resolve(SEED_NAME);
        this.trackerPort = freeUdpPort();
        this.rawPort = freeUdpPort();
    }

    Path work() {
        return work;
    }

    ChildProcess tracker() {
        return tracker;
    }

    Path seedFile() {
        return seedFile;
    }

    /**
     * Fills the seed file with random bytes, so nothing along the way can compress or deduplicate them, and puts the
     * tiny file the hello-world downloads fetch beside it.
     */
    void writeSeed() throws IOException {
        Files.writeString(seedFile.resolveSibling(HelloWorld.NAME), HelloWorld.CONTENT);
        long started = System.nanoTime();
        BenchFiles.writeRandom(seedFile, size);
        out.printf("wrote %s of random bytes in %.1f s%n", Sizes.binary(size), (System.nanoTime() - started) / 1e9);
    }

    /** Starts the tracker and waits until it serves; returns the seconds from process start to ready. */
    double startTracker() throws IOException, InterruptedException {
        tracker = startOurs("tracker", "qtorrent-tracker", trackerJar, List.of(), List.of("--quic",
                Integer.toString(trackerPort), "--bind", "127.0.0.1", "--host", "127.0.0.1", "--seed-dir", "seed",
                "--tls-dir", "tls", "--log-file", "logs/tracker.log"), Map.of());
        awaitLine(tracker, TRACKER_READY);
        double seconds = (System.nanoTime() - tracker.startNanos()) / 1e9;
        if (!Files.isRegularFile(torrentFile())) {
            throw new IllegalStateException("the tracker is ready but wrote no " + torrentFile());
        }
        return seconds;
    }

    void stopTracker() throws InterruptedException {
        tracker.close();
    }

    /** Starts the server half of the bare transfer; returns the transport it reports. */
    String startRawServer() throws IOException, InterruptedException {
        List<String> command = java(List.of());
        command.addAll(List.of("-cp", benchJar(), BenchMain.class.getName(), "raw-server",
                "--port", Integer.toString(rawPort)));
        rawServer = ChildProcess.start("raw-server", command, work, Map.of());
        String ready = awaitLine(rawServer, RawServer.READY);
        rawPin = rawServer.lines().stream().filter(l -> l.startsWith("fingerprint ")).findFirst()
                .orElseThrow().substring("fingerprint ".length());
        return ready.substring(ready.indexOf('(') + 1, ready.lastIndexOf(')'));
    }

    /**
     * One bare transfer in a fresh client JVM. With {@code sha1} the client also hashes every byte as it arrives, on
     * its event loop, which is the least work any client that checks pieces must add.
     */
    RawRun rawRun(boolean sha1) throws IOException, InterruptedException {
        List<String> command = java(clientJavaOptions);
        command.addAll(List.of("-cp", benchJar(), BenchMain.class.getName(), "raw-client",
                "--port", Integer.toString(rawPort), "--bytes", Long.toString(size), "--pin", rawPin));
        if (sha1) {
            command.add("--sha1");
        }
        ChildProcess client = ChildProcess.start("raw-client", command, work, Map.of());
        int code = client.await(RUN_TIMEOUT);
        Matcher m = client.lines().stream().map(RAW_PHASE::matcher).filter(Matcher::find).findFirst()
                .filter(found -> code == 0)
                .orElseThrow(() -> new IllegalStateException("raw client failed (exit " + code + "):"
                        + System.lineSeparator() + client.output()));
        long bytes = Long.parseLong(m.group(1));
        String datagrams = client.lines().stream().filter(l -> l.startsWith(RawClient.DATAGRAMS)).findFirst()
                .orElse("datagrams: not reported");
        return new RawRun(Sizes.megabytesPerSecond(bytes, Long.parseLong(m.group(2)) / 1e9),
                Sizes.megabytesPerSecond(bytes, client.elapsedSeconds()), datagrams);
    }

    /**
     * One download by a fresh client process, with its CPU time taken exactly from the children's totals; with
     * {@code datagramBytes} above 0, the client is told to accept datagrams of at most that size whatever its route
     * allows (see PathMtu), and the run fails if its log says otherwise.
     */
    ClientRun clientRun(String label, int datagramBytes) throws IOException, InterruptedException {
        double trackerBefore = tracker.cpuSecondsNow();
        double childrenBefore = ProcStat.reapedChildrenCpuSeconds();
        ChildProcess client = startClient(label, datagramBytes > 0
                ? List.of("-Dqtorrent.udp-payload=" + datagramBytes) : List.of());
        int code = client.await(RUN_TIMEOUT);
        double childrenAfter = ProcStat.reapedChildrenCpuSeconds();
        double cpu = childrenBefore >= 0 ? childrenAfter - childrenBefore : client.cpuSeconds();
        ClientRun run = finishClient(label, client, code, cpu, tracker.cpuSecondsNow() - trackerBefore);
        if (datagramBytes > 0 && run.datagramBytes() != datagramBytes) {
            throw new IllegalStateException("client " + label + " was told to accept datagrams of " + datagramBytes
                    + " bytes but its log says " + run.datagramBytes());
        }
        return run;
    }

    /** {@code n} clients started at once; returns their runs and the seconds from the first start to the last exit. */
    Concurrent concurrentRun(int n) throws IOException, InterruptedException {
        double trackerBefore = tracker.cpuSecondsNow();
        List<ChildProcess> running = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            running.add(startClient("concurrent-" + i, List.of()));
        }
        List<ClientRun> runs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ChildProcess client = running.get(i);
            int code = client.await(RUN_TIMEOUT);
            runs.add(finishClient("concurrent-" + (i + 1), client, code, client.cpuSeconds(), 0));
        }
        double first = running.stream().mapToDouble(c -> c.startNanos() / 1e9).min().orElseThrow();
        double last = running.stream().mapToDouble(c -> c.startNanos() / 1e9 + c.elapsedSeconds()).max()
                .orElseThrow();
        return new Concurrent(runs, last - first, tracker.cpuSecondsNow() - trackerBefore,
                tracker.peakRssBytesNow());
    }

    /** Clients started together: their runs, the wall time they took, and the tracker's CPU and memory. */
    record Concurrent(List<ClientRun> runs, double wallSeconds, double trackerCpuSeconds, long trackerPeakRss) {
    }

    private ChildProcess startClient(String label, List<String> extraJavaOptions) throws IOException {
        List<String> options = new ArrayList<>(clientJavaOptions);
        options.addAll(extraJavaOptions);
        return startOurs("client " + label, "qtorrent-client", clientJar, options, List.of("download",
                work.relativize(torrentFile()).toString(), work.relativize(output(label)).toString()),
                Map.of("QTORRENT_LOG_FILE", logFile(label).toString()));
    }

    /**
     * Starts our tracker or client: by its launcher, which gets {@code jvmOptions} (and the NIO transport if forced)
     * after any QTORRENT_JAVA_OPTS of the benchmark's own environment, or with plain {@code java}, the options and
     * {@code -jar}.
     */
    private ChildProcess startOurs(String name, String launcher, Path jar, List<String> jvmOptions, List<String> args,
                                   Map<String, String> env) throws IOException {
        Map<String, String> environment = new HashMap<>(env);
        List<String> command = new ArrayList<>();
        if (launchers != null) {
            List<String> options = java(jvmOptions);
            options.remove(0);
            String inherited = System.getenv("QTORRENT_JAVA_OPTS");
            if (inherited != null && !inherited.isBlank()) {
                options.add(0, inherited.trim());
            }
            if (!options.isEmpty()) {
                environment.put("QTORRENT_JAVA_OPTS", String.join(" ", options));
            }
            command.add(launchers.resolve(launcher).toString());
        } else {
            command.addAll(java(jvmOptions));
            command.addAll(List.of("-jar", jar.toString()));
        }
        command.addAll(args);
        return ChildProcess.start(name, command, work, environment);
    }

    private ClientRun finishClient(String label, ChildProcess client, int code, double cpu, double trackerCpu)
            throws IOException {
        if (code != 0) {
            throw new IllegalStateException("client " + label + " failed with exit code " + code + ":"
                    + System.lineSeparator() + client.output());
        }
        Path output = output(label);
        if (Files.size(output) != size || Files.mismatch(seedFile, output) != -1) {
            throw new IllegalStateException("client " + label + " wrote " + output + " but it differs from the seed");
        }
        BenchFiles.deleteTree(output.getParent());
        ClientLog log;
        try (Stream<String> lines = Files.lines(logFile(label))) {
            log = ClientLog.parse(lines::iterator);
        }
        return new ClientRun(size, client.elapsedSeconds(), log.dataSeconds(),
                log.firstByteSeconds(client.startEpochMillis()), cpu, client.peakRssBytes(), trackerCpu,
                log.datagramBytes());
    }

    /** CPU seconds used so far by the long-running processes and the benchmark itself. */
    double ownCpuSeconds() {
        double self = ProcStat.cpuSeconds(ProcessHandle.current().pid());
        return tracker.cpuSecondsNow() + (rawServer != null ? rawServer.cpuSecondsNow() : 0) + Math.max(0, self);
    }

    Path torrentFile() {
        return seedFile.resolveSibling(SEED_NAME + ".torrent");
    }

    private Path output(String label) {
        return work.resolve("out").resolve(label).resolve(SEED_NAME);
    }

    private Path logFile(String label) {
        return work.resolve("logs").resolve("client-" + label + ".log");
    }

    /** The command that starts a JVM with {@code options}, and the NIO transport if the benchmark forces it. */
    List<String> java(List<String> options) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        if (nio) {
            command.add("-Dqtorrent.transport=nio");
        }
        return command;
    }

    private static String awaitLine(ChildProcess child, String marker) throws InterruptedException {
        return child.awaitLine(line -> line.contains(marker), START_TIMEOUT).orElseThrow(() ->
                new IllegalStateException(child.name() + " did not start:" + System.lineSeparator() + child.output()));
    }

    private static String benchJar() {
        try {
            return Path.of(BenchMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Stops what is still running; removes the work folder if it was a temporary one. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (tracker != null) {
            tracker.close();
        }
        if (rawServer != null) {
            rawServer.close();
        }
        if (temporary) {
            BenchFiles.deleteTree(work);
        }
    }
}
