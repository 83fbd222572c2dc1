package dev.qtorrent.bench.sources;

import dev.qtorrent.bench.BenchFiles;
import dev.qtorrent.bench.OurProgramOptions;
import dev.qtorrent.bench.OurPrograms;
import dev.qtorrent.bench.Quiet;
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

/** {@code bench sources}: a download from several seeding peers against one from a single seeding peer. */
@Command(name = "sources", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Measures, on loopback and in one run, a download from several seeding peers against a download from "
                    + "one. The tracker only tracks the torrent, so every piece comes from peers: seeding clients "
                    + "(client seed) hold the file, and each measured download is a fresh client process that may "
                    + "use one of them (--peers 1), then all of them, while all of them run. It prints each "
                    + "download's end-to-end and data-phase rate, the client's CPU and memory, the seeders' CPU and "
                    + "how busy the machine was, then the medians side by side with their ratio, and the rate the "
                    + "CPU spent allows: every process shares the machine's cores."})
public final class SourcesCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--size", paramLabel = "SIZE", defaultValue = "1GiB",
            description = "File size (64MiB, 1GiB, ...) (default: ${DEFAULT-VALUE}).")
    private String sizeText;

    @Option(names = "--peers", paramLabel = "N", defaultValue = "3",
            description = "Seeding peers of the many-source downloads, 2 to 16 (default: ${DEFAULT-VALUE}).")
    private int peers;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "3",
            description = "Downloads of each kind, one-peer and many-peer in turn (default: ${DEFAULT-VALUE}).")
    private int runs;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "1",
            description = "Unmeasured downloads first, from all the peers, to fill the page cache and warm the seeders "
                    + "up (default: "
                    + "${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--seeder-rate", paramLabel = "BYTES", defaultValue = "0",
            description = "Each seeder's upload limit (client seed --max-upload-rate): 50MiB, 100M, ...; peers' "
                    + "uplinks are usually slower than a downloader can take in (default: 0, no limit).")
    private String seederRateText;

    @Option(names = "--quiet-wait", paramLabel = "SECONDS", defaultValue = "15",
            description = "Before each download, wait up to this long for other work on the machine to finish; 0 "
                    + "does not wait (default: ${DEFAULT-VALUE}).")
    private int quietWaitSeconds;

    @Mixin
    private OurProgramOptions programOptions;

    @Option(names = "--keep", description = "Keep the work folder (data, torrent, every log) and print where it is.")
    private boolean keep;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long size;
        try {
            size = Sizes.parse(sizeText);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--size: " + e.getMessage());
        }
        long seederRate;
        try {
            seederRate = Sizes.parse(seederRateText);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--seeder-rate: " + e.getMessage());
        }
        OurPrograms programs = programOptions.programs();
        if (size < 1 || peers < 2 || peers > 16 || runs < 1 || warmup < 0 || quietWaitSeconds < 0) {
            throw new ParameterException(spec.commandLine(), "--size and --runs must be positive, --peers 2 to 16, "
                    + "--warmup and --quiet-wait not negative");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        Path work = Files.createTempDirectory("qtorrent-sources-");
        Quiet quiet = new Quiet(Duration.ofSeconds(quietWaitSeconds), out);
        out.printf("quic-torrent sources benchmark: %s (%,d bytes) on loopback, from 1 seeding peer and from %d, %d "
                        + "download%s of each after %d warm-up; %s; %d cores shared by every process%s%n",
                Sizes.binary(size), size, peers, runs, runs == 1 ? "" : "s", warmup, programs.label(),
                cores, seederRate == 0 ? ""
                        : String.format(Locale.ROOT, "; each seeder sends at most %s a second (%.0f MB/s)",
                        Sizes.binary(seederRate), seederRate / 1e6));
        try (SourcesLab lab = new SourcesLab(work, programs, size, seederRate, out)) {
            lab.prepare();
            lab.startSeeders(peers);
            for (int i = 1; i <= warmup; i++) {
                lab.download(peers);
                out.printf("warm-up %d of %d done%n", i, warmup);
            }
            List<SourcesRun> one = new ArrayList<>();
            List<SourcesRun> many = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                for (int n : new int[] {1, peers}) {
                    quiet.await();
                    SourcesRun result = lab.download(n);
                    (n == 1 ? one : many).add(result);
                    out.println(SourcesReport.line(run, result));
                }
            }
            out.println();
            out.print(SourcesReport.table(one, many, cores));
            out.flush();
        } finally {
            if (keep) {
                out.println("work folder kept: " + work);
            } else {
                BenchFiles.deleteQuietly(work);
            }
        }
        return 0;
    }
}
