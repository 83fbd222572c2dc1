package dev.qtorrent.bench.slow;

import dev.qtorrent.bench.BenchFiles;
import dev.qtorrent.bench.OurProgramOptions;
import dev.qtorrent.bench.OurPrograms;
import dev.qtorrent.bench.Sizes;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bench slow}: what a download costs in CPU when it is held to a real-world rate instead of running at
 * loopback speed, and what a connection costs while nothing moves. Work done per unit of time (timers, polling,
 * wake-ups) hides at full speed behind the work done per byte and shows here.
 */
@Command(name = "slow", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Measures CPU per byte at a limited rate and CPU while idle, over loopback: our tracker seeds a file "
                    + "of random bytes; a client downloads it at full speed, then again with --max-rate; then a "
                    + "client downloads it with --seed and stays connected with nothing to transfer while its "
                    + "and the tracker's threads are watched. Prints wall time and CPU per GiB (from /proc) of "
                    + "both downloads and their ratio, and the idle CPU and wake-ups (voluntary context switches) "
                    + "of each thread. Run it from the repository root after a build."})
public final class SlowCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--size", paramLabel = "SIZE", defaultValue = "64MiB",
            description = "File size, e.g. 64MiB, 256MiB (default: ${DEFAULT-VALUE}).")
    private String sizeText;

    @Option(names = "--rate", paramLabel = "BYTES", defaultValue = "2MiB",
            description = "The slow download's --max-rate in bytes per second, powers of 1024 as the client "
                    + "reads them: 2MiB, 500KiB (default: ${DEFAULT-VALUE}).")
    private String rateText;

    @Option(names = "--idle", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long the idle connection is watched; 0 skips it (default: ${DEFAULT-VALUE}).")
    private int idleSeconds;

    @Option(names = "--settle", paramLabel = "SECONDS", defaultValue = "5",
            description = "How long the seeding client runs before the idle window opens, so that the end of its "
                    + "download is not counted (default: ${DEFAULT-VALUE}).")
    private int settleSeconds;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "8",
            description = "Threads listed per process, busiest first (default: ${DEFAULT-VALUE}).")
    private int threads;

    @Mixin
    private OurProgramOptions programOptions;

    @Option(names = "--keep", description = "Keep the work folder (logs, torrents) and print where it is.")
    private boolean keep;

    /** The options, checked; usage errors for what is wrong. */
    record Settings(long size, long rate, Duration idle, Duration settle, int threads, OurPrograms programs) {
    }

    Settings settings() {
        long size = parse("--size", () -> Sizes.parse(sizeText));
        long rate = parse("--rate", () -> Sizes.parse(rateText));
        if (size < 1 || rate < 1) {
            throw new ParameterException(spec.commandLine(), "--size and --rate must be positive");
        }
        if (idleSeconds < 0 || settleSeconds < 0 || threads < 0) {
            throw new ParameterException(spec.commandLine(), "--idle, --settle and --threads must not be negative");
        }
        OurPrograms programs = programOptions.programs();
        return new Settings(size, rate, Duration.ofSeconds(idleSeconds), Duration.ofSeconds(settleSeconds), threads,
                programs);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Settings settings = settings();
        Path work = Files.createTempDirectory("qtorrent-slow-");
        out.printf(Locale.ROOT, "%s over loopback, started with %s, work folder %s%n", Sizes.binary(settings.size),
                settings.programs.label(), work);
        out.flush();
        try (SlowRuns runs = new SlowRuns(work, settings.programs, settings.size)) {
            runs.startTracker();
            SlowReport.Transfer fast = runs.download("full speed", List.of());
            String label = "--max-rate " + Sizes.binary(settings.rate).replace(" ", "");
            SlowReport.Transfer slow = runs.download(label, List.of("--max-rate", Long.toString(settings.rate)));
            out.print(SlowReport.transfers(fast, List.of(slow), settings.threads));
            out.flush();
            if (!settings.idle.isZero()) {
                out.print(SlowReport.idle(runs.idle(settings.settle, settings.idle), settings.threads));
            }
        } finally {
            if (keep) {
                out.println("work folder kept: " + work);
            } else {
                BenchFiles.deleteQuietly(work);
            }
            out.flush();
        }
        return 0;
    }

    private <T> T parse(String option, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }
}
