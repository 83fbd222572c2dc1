package dev.qtorrent.bench.announce;

import dev.qtorrent.bench.BenchFiles;
import dev.qtorrent.bench.OurPrograms;
import dev.qtorrent.bench.ProcStat;
import dev.qtorrent.bench.Quiet;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bench announce}: announce throughput, latency and cost of our tracker next to opentracker's. */
@Command(name = "announce", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Measures announces over loopback, our tracker (QUIC, started by its launcher unless told otherwise) and then opentracker (HTTP, driven "
                    + "by wrk), in the same run: warm announces per second with many in flight over open "
                    + "connections, their latency, the tracker's CPU per announce and peak memory, and new "
                    + "connections per second (connect, handshake, one announce, close). Both trackers know the "
                    + "same torrents and get the same announces in the same order, after every swarm has been "
                    + "filled, so each answer lists numwant peers. The load generator (ours, or wrk) runs on the "
                    + "same machine and shares its cores with the tracker. Without opentracker or wrk it "
                    + "measures ours alone."})
public final class AnnounceCommand implements Callable<Integer> {
    /** What the README advises for a tracker that mostly answers announces: the optimizing compiler back. */
    static final String ANNOUNCE_JVM_OPTIONS = "-XX:TieredStopAtLevel=4 -XX:CICompilerCount=2";

    /** New connections run first unmeasured, so that the handshake's code is compiled before it is measured. */
    static final int CONNECT_WARMUP_SECONDS = 2;

    @Spec
    private CommandSpec spec;

    @Option(names = "--torrents", paramLabel = "N", defaultValue = "1000",
            description = "Torrents both trackers know (default: ${DEFAULT-VALUE}).")
    private int torrents;

    @Option(names = "--peers", paramLabel = "N", defaultValue = "64",
            description = "Peers announced into each torrent's swarm before measuring (default: ${DEFAULT-VALUE}).")
    private int peers;

    @Option(names = "--numwant", paramLabel = "N", defaultValue = "50",
            description = "Peers each announce asks for (default: ${DEFAULT-VALUE}).")
    private int numwant;

    @Option(names = "--connections", paramLabel = "C", defaultValue = "16",
            description = "Open connections of the warm run, and connections at once of the new-connection run "
                    + "(default: ${DEFAULT-VALUE}).")
    private int connections;

    @Option(names = "--streams", paramLabel = "S", defaultValue = "32",
            description = "Announces in flight on each connection, each on its own QUIC stream; wrk, which has "
                    + "one request in flight per HTTP connection, gets C x S connections (default: "
                    + "${DEFAULT-VALUE}).")
    private int streams;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Threads of each load generator: our event loops, and wrk's threads (default: "
                    + "${DEFAULT-VALUE}).")
    private int threads;

    // 15 s: with 5, the JIT of a fresh tracker (and of the load generator) was still compiling its hot paths, the
    // event loop's among them, 4 to 5 s into the measured window, and that CPU was counted per announce.
    @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "15",
            description = "Unmeasured load before each warm measurement, long enough for the JIT to settle "
                    + "(default: ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--seconds", paramLabel = "SECONDS", defaultValue = "15",
            description = "Length of each warm measurement (default: ${DEFAULT-VALUE}).")
    private int seconds;

    @Option(names = "--connect-seconds", paramLabel = "SECONDS", defaultValue = "5",
            description = "Length of each new-connection measurement, after " + CONNECT_WARMUP_SECONDS
                    + " s unmeasured (default: ${DEFAULT-VALUE}).")
    private int connectSeconds;

    @Option(names = "--quiet-wait", paramLabel = "SECONDS", defaultValue = "15",
            description = "Before each tracker's half, wait up to this long for other work on the machine to "
                    + "finish; 0 does not wait (default: ${DEFAULT-VALUE}).")
    private int quietWaitSeconds;

    @Option(names = "--no-opentracker", description = "Measure our tracker only.")
    private boolean noOpentracker;

    @Option(names = "--redis", description = "Also measure our tracker keeping its swarms in Redis (--swarm-store "
            + "redis://..., a redis-server started on a free loopback port) right after the in-memory store, and "
            + "print it next to the in-memory store's figures. Needs redis-server (apt-get install redis-server).")
    private boolean redis;

    @Option(names = "--start", paramLabel = "HOW", defaultValue = OurPrograms.LAUNCHERS,
            description = "How to start our tracker: " + OurPrograms.CHOICES + ", with --tracker-jar (default: "
                    + "${DEFAULT-VALUE}).")
    private String start;

    @Option(names = "--tracker-jvm-options", paramLabel = "OPTIONS", defaultValue = ANNOUNCE_JVM_OPTIONS,
            description = "JVM options of our tracker, given to its launcher as QTORRENT_JAVA_OPTS (or before -jar): "
                    + "by default the optimizing compiler, which the README advises for a tracker that mostly answers "
                    + "announces; an empty value runs the launcher's own choice (default: ${DEFAULT-VALUE}).")
    private String trackerJvmOptions;

    @Option(names = "--tracker-jar", paramLabel = "JAR", defaultValue = "tracker/target/tracker.jar",
            description = "The tracker jar that --start " + OurPrograms.JAVA_JAR + " runs (default: "
                    + "${DEFAULT-VALUE}).")
    private Path trackerJar;

    @Option(names = "--keep", description = "Keep the work folder (seed, logs, Lua scripts) and print where it is.")
    private boolean keep;

    /** The tracker's command before its own arguments, as --start says. */
    private List<String> program;

    @Override
    public Integer call() throws Exception {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        Path work = Files.createTempDirectory("qtorrent-announce-");
        Quiet quiet = new Quiet(Duration.ofSeconds(quietWaitSeconds), out);
        try {
            out.printf("quic-torrent announce benchmark: %d torrents x %d peers, numwant %d; warm runs %d s after "
                            + "%d s, %d connections x %d in flight; new connections %d s, %d at once%n", torrents,
                    peers, numwant, seconds, warmup, connections, streams, connectSeconds, connections);
            out.printf("java %s, %d cores shared by each tracker and its load generator (%d thread%s); our "
                            + "tracker started with %s%n", System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors(), threads, threads == 1 ? "" : "s",
                    String.join(" ", program));
            if (!ProcStat.available()) {
                out.println("note: /proc is not readable here, so CPU and memory figures are missing");
            }
            OursRun ours = new OursRun(out, quiet, connections, streams, threads, warmup, seconds, connectSeconds);
            OursRun.Result mine = ours.run(work, program, torrents, peers, numwant);
            // Redis right after memory: the machine's speed drifts within minutes, and the two are compared.
            TrackerFigures inRedis = redis ? redisRun(out, quiet, work) : null;
            TrackerFigures theirs = null;
            String missing = Programs.missing();
            if (noOpentracker) {
                out.println("opentracker: not measured (--no-opentracker)");
            } else if (missing != null) {
                out.println("opentracker: not measured: " + missing);
            } else {
                theirs = new OpentrackerRun(out, quiet, connections, streams, threads, warmup, seconds, connectSeconds)
                        .run(work, mine.workload());
            }
            AnnounceTable.print(out, mine.figures(), theirs);
            if (inRedis != null) {
                AnnounceTable.print(out, inRedis, "redis", mine.figures(), "memory");
                out.println("(figures above: our tracker with its swarms in memory, the default)");
            }
            out.printf("Loopback; ours: QUIC, one stream per announce, JSON answers (each peer with its "
                    + "certificate's SHA-256); opentracker: HTTP/1.1 over TCP, compact answers (6 bytes a peer).%n");
            if (keep) {
                out.println("work folder kept: " + work);
            }
        } finally {
            if (!keep) {
                BenchFiles.deleteTree(work);
            }
        }
        return 0;
    }

    /** Our tracker again, its swarms in a redis-server of its own; null when redis-server is missing. */
    private TrackerFigures redisRun(PrintWriter out, Quiet quiet, Path work) throws Exception {
        if (!Programs.onPath("redis-server")) {
            out.println("our tracker, redis: not measured: redis-server is not installed (apt-get install "
                    + "redis-server)");
            return null;
        }
        Path dir = Files.createDirectories(work.resolve("redis"));
        try (RedisProcess server = RedisProcess.start(dir)) {
            OursRun run = new OursRun(out, quiet, connections, streams, threads, warmup, seconds, connectSeconds)
                    .with("our tracker, redis", server.trackerOptions());
            double cpuBefore = server.cpuSeconds();
            OursRun.Result result = run.run(dir, program, torrents, peers, numwant);
            out.printf("redis-server: %.1f s of CPU over the whole run (filling, warm and new-connection runs)%n",
                    server.cpuSeconds() - cpuBefore);
            return result.figures();
        }
    }

    private void validate() {
        if (torrents < 1 || peers < 1 || peers > 50_000 || numwant < 0 || numwant > 200 || connections < 1
                || streams < 1 || streams > 128 || threads < 1 || warmup < 0 || quietWaitSeconds < 0 || seconds < 1 || connectSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--torrents, --connections, --threads, --seconds and "
                    + "--connect-seconds must be positive, --peers 1 to 50000, --streams 1 to 128, --numwant 0 to "
                    + "200, --warmup and --quiet-wait not negative");
        }
        List<String> jvmOptions = trackerJvmOptions.isBlank() ? List.of()
                : List.of(trackerJvmOptions.trim().split("\\s+"));
        if (start.equals(OurPrograms.LAUNCHERS)) {
            List<String> command = new ArrayList<>();
            if (!jvmOptions.isEmpty()) {
                // env execs the launcher, which execs the JVM: the process measured is the tracker's.
                command.addAll(List.of("env", "QTORRENT_JAVA_OPTS=" + String.join(" ", jvmOptions)));
            }
            command.addAll(launcher(Path.of("bin", "qtorrent-tracker")));
            program = List.copyOf(command);
        } else if (start.equals(OurPrograms.JAVA_JAR)) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString()));
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", existing(trackerJar).toString()));
            program = List.copyOf(command);
        } else {
            throw new ParameterException(spec.commandLine(), "--start: expected " + OurPrograms.LAUNCHERS + " or "
                    + OurPrograms.JAVA_JAR + ", got " + start);
        }
    }

    /** The launcher, which finds the jar itself; the jar must be there too, or it would only say so at start. */
    private List<String> launcher(Path script) {
        existing(trackerJar);
        return List.of(existing(script).toString());
    }

    private Path existing(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ParameterException(spec.commandLine(), file + " not found: build first (mvn -B -ntp "
                    + "package -DskipTests) and run from the repository root");
        }
        return file.toAbsolutePath();
    }
}
