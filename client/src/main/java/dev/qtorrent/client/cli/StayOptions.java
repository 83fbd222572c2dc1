package dev.qtorrent.client.cli;

import dev.qtorrent.client.StopSignals;
import dev.qtorrent.client.download.DownloadException;
import dev.qtorrent.client.download.Downloader;
import dev.qtorrent.client.download.LocalStorageException;
import dev.qtorrent.client.download.SeedData;
import dev.qtorrent.client.serve.Seeder;
import dev.qtorrent.client.serve.SharedTorrent;
import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.storage.PieceStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** {@code --seed}, {@code --seed-ratio} and {@code --seed-time}: whether a finished download stays to seed. */
final class StayOptions {
    private static final Pattern DURATION = Pattern.compile("(\\d+)([smhd]?)");
    /** How often a seed with {@code --seed-ratio} looks at what it has sent. */
    private static final long RATIO_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    @Option(names = "--seed",
            description = "Stay after the download is complete, serving it to peers and announcing it, until "
                    + "Ctrl-C, --seed-ratio or --seed-time (default: exit when complete).")
    private boolean seed;

    @Option(names = "--seed-ratio", paramLabel = "R",
            description = "Stop seeding once R times the torrent's size has been sent to peers; implies --seed.")
    private Double ratio;

    @Option(names = "--seed-time", paramLabel = "DURATION",
            description = "Stop seeding after DURATION: 90s, 30m, 2h, 1d (a number alone is seconds); implies "
                    + "--seed.")
    private String time;

    void validate(ListenOptions listen) {
        if (ratio != null && !(ratio > 0)) {
            throw new UsageException("--seed-ratio must be above 0, got " + ratio);
        }
        if (time != null) {
            duration(time);
        }
        if (enabled() && !listen.serves()) {
            throw new UsageException("--seed and --no-listen contradict each other: a seed that accepts no peer "
                    + "serves nobody");
        }
    }

    boolean enabled() {
        return seed || ratio != null || time != null;
    }

    /** {@code 90s}, {@code 30m}, {@code 2h}, {@code 1d}, or a number of seconds. */
    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new UsageException("--seed-time: " + text + " is not a duration such as 90s, 30m, 2h or 1d");
        }
        long amount;
        try {
            amount = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new UsageException("--seed-time: " + text + " is too large");
        }
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    /**
     * Seeds the complete, verified {@code target} until Ctrl-C, the ratio or the time, then announces stopped.
     *
     * @param first  the first announce's event: none after this run's download, {@code started} otherwise
     * @param peerId the download's peer id, kept so the tracker sees one peer
     * @return the exit code: success when the ratio or time ended it, the signal's code after Ctrl-C or SIGTERM
     */
    int stay(Metainfo metainfo, Path target, SharedTorrent shared, Downloader.Connector connector,
             Duration timeout, AnnounceRequest.Event first, String peerId, StopSignals.Scope stop,
             PrintWriter out, PrintWriter err) throws DownloadException, InterruptedException, IOException {
        Seeder.Leave done = leave(ratio, time == null ? null : duration(time), metainfo.info().totalLength(),
                shared::uploaded, System::nanoTime);
        try (PieceStore store = open(target, metainfo)) {
            BitSet all = new BitSet();
            all.set(0, shared.layout().pieceCount());
            shared.opened(store, all);
            NodeConnection connection = connector.connect(timeout);
            err.println("seeding " + metainfo.info().name() + " on udp port " + shared.port() + "; Ctrl-C to stop");
            err.flush();
            new Seeder(connector, connection, metainfo, shared, timeout, peerId).run(first, done);
            shared.closing();
        }
        out.println("stopped seeding " + metainfo.info().name() + ": " + ByteSize.format(shared.uploaded())
                + " sent to peers");
        out.flush();
        Thread.interrupted();
        return stop.received().map(kind -> kind == StopSignals.Kind.TERM ? ExitCode.TERMINATED
                : ExitCode.INTERRUPTED).orElse(ExitCode.OK).code();
    }

    /**
     * When a seed with {@code --seed-ratio} and {@code --seed-time} leaves: once {@code ratio} times {@code total}
     * bytes have been sent, asked every second while seeding, or once {@code time} has passed since now, which needs
     * no asking in between. Without either it leaves only on Ctrl-C.
     */
    static Seeder.Leave leave(Double ratio, Duration time, long total, LongSupplier uploaded, LongSupplier clock) {
        long deadline = time == null ? 0 : clock.getAsLong() + time.toNanos();
        return () -> {
            if (ratio != null && uploaded.getAsLong() >= ratio * total) {
                return 0;
            }
            long ask = time == null ? Long.MAX_VALUE : deadline - clock.getAsLong();
            return ratio == null ? ask : Math.min(ask, RATIO_CHECK_NANOS);
        };
    }

    private static PieceStore open(Path target, Metainfo metainfo) throws LocalStorageException {
        try {
            return SeedData.openChecked(target, metainfo.info());
        } catch (IOException e) {
            throw LocalStorageException.reading(target, e);
        }
    }
}
