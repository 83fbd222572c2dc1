package dev.qtorrent.bench.swarm;

import dev.qtorrent.bench.BenchFiles;
import dev.qtorrent.bench.OurProgramOptions;
import dev.qtorrent.bench.OurPrograms;
import dev.qtorrent.bench.Sizes;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bench swarm}: N downloaders in network namespaces behind rate-limited uplinks, ours and aria2c. */
@Command(name = "swarm", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Measures a swarm on this machine: the origin (our tracker, which seeds) and N downloaders, each in "
                    + "its own network namespace on one bridge, each host's upload limited by tc tbf. All "
                    + "downloaders start together. Then the same with aria2c (opentracker, an aria2c seeder, "
                    + "mktorrent torrent). Needs root; all traffic stays in the namespaces, which are removed "
                    + "afterwards. Exit codes: 0 done, 1 a run failed, 2 invalid command line, 3 network "
                    + "namespaces cannot be made (not root), 4 a required program is missing."})
public final class SwarmCommand implements Callable<Integer> {
    /** The seed file's name, which the downloads keep. */
    static final String SEED_NAME = "swarm.bin";

    @Spec
    private CommandSpec spec;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "6",
            description = "Downloaders (default: ${DEFAULT-VALUE}).")
    private int clients;

    @Option(names = "--size", paramLabel = "SIZE", defaultValue = "256MiB",
            description = "File size, e.g. 64MiB, 1GiB (default: ${DEFAULT-VALUE}).")
    private String sizeText;

    @Option(names = "--origin-rate", paramLabel = "RATE", defaultValue = "80mbit",
            description = "The origin's upload, as tc writes it: 80mbit, 1gbit (default: ${DEFAULT-VALUE}).")
    private String originRateText;

    @Option(names = "--client-rate", paramLabel = "RATE", defaultValue = "160mbit",
            description = "Each downloader's upload (default: ${DEFAULT-VALUE}).")
    private String clientRateText;

    @Option(names = "--no-aria2", description = "Measure quic-torrent only.")
    private boolean noAria;

    @Option(names = "--keep", description = "Keep the work folder (logs, torrents) and print where it is.")
    private boolean keep;

    @Mixin
    private OurProgramOptions programOptions;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long size = parse("--size", () -> Sizes.parse(sizeText));
        Rate originRate = parse("--origin-rate", () -> Rate.parse(originRateText));
        Rate clientRate = parse("--client-rate", () -> Rate.parse(clientRateText));
        if (clients < 1 || clients > Topology.MAX_CLIENTS || size < 1) {
            throw new ParameterException(spec.commandLine(),
                    "--clients must be 1 to " + Topology.MAX_CLIENTS + " and --size positive");
        }
        OurPrograms programs = programOptions.programs();
        Tools.check(!noAria, System.getenv("PATH"));
        LowerBound bound = new LowerBound(size, clients, originRate, clientRate);
        Topology topology = Topology.plan(Cleanup.prefix(ProcessHandle.current().pid()), clients, originRate,
                clientRate);
        out.print(SwarmReport.heading(bound));
        // Whatever the implementation, no run may take longer than the origin sending every copy itself, thrice.
        Duration timeout = Duration.ofSeconds(300 + (long) (3 * clients * bound.originSeconds()));
        Path work = Files.createTempDirectory("qtorrent-swarm-");
        Runnable workDone = () -> {
            if (keep) {
                out.println("work folder kept: " + work);
            } else {
                BenchFiles.deleteQuietly(work);
            }
            out.flush();
        };
        Netns netns;
        try {
            netns = Netns.create(topology, out);
        } catch (Exception e) {
            workDone.run();
            throw e;
        }
        // Runs when the namespaces are removed: at the end, after a failure, or on Ctrl-C.
        netns.afterwards(workDone);
        try (netns) {
            out.printf("namespaces %s*, work folder %s%n", topology.prefix(), work);
            out.printf("quic-torrent started with %s%n", programs.label());
            Files.createDirectories(work.resolve("seed"));
            Files.createDirectories(work.resolve("logs"));
            Path seedFile = work.resolve("seed").resolve(SEED_NAME);
            BenchFiles.writeRandom(seedFile, size);
            List<SwarmResult> results = new ArrayList<>();
            results.add(announce(out, new OursSwarm(netns, topology, work, programs)
                    .run(seedFile, timeout)));
            if (!noAria) {
                results.add(announce(out, new AriaSwarm(netns, topology, work).run(seedFile, timeout)));
            }
            out.println();
            out.print(SwarmReport.table(bound, results));
            out.flush();
        }
        return 0;
    }

    private static SwarmResult announce(PrintWriter out, SwarmResult result) {
        out.printf(Locale.ROOT, "%s: all %d done after %.2f s%n", result.name(), result.completions().size(),
                result.allDoneSeconds());
        return result;
    }

    private <T> T parse(String option, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }
}
