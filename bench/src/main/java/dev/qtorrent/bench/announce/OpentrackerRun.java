package dev.qtorrent.bench.announce;

import dev.qtorrent.bench.Quiet;
import java.io.PrintWriter;
import java.nio.file.Path;

/** The half of the benchmark that measures opentracker, driven by wrk. */
final class OpentrackerRun {
    /** Threads that fill the swarms, each with one blocking connection at a time. */
    private static final int FILL_THREADS = 8;

    private final PrintWriter out;
    private final int connections;
    private final int streams;
    private final int threads;
    private final int warmup;
    private final int seconds;
    private final int connectSeconds;
    private final Quiet quiet;

    OpentrackerRun(PrintWriter out, Quiet quiet, int connections, int streams, int threads, int warmup, int seconds,
                   int connectSeconds) {
        this.out = out;
        this.quiet = quiet;
        this.connections = connections;
        this.streams = streams;
        this.threads = threads;
        this.warmup = warmup;
        this.seconds = seconds;
        this.connectSeconds = connectSeconds;
    }

    TrackerFigures run(Path work, Workload workload) throws Exception {
        quiet.await();
        try (OpenTracker tracker = OpenTracker.start(work, workload)) {
            long filling = System.nanoTime();
            tracker.populate(FILL_THREADS);
            out.printf("opentracker: %,d announces (numwant 0) filled the swarms in %.1f s%n", workload.size(),
                    (System.nanoTime() - filling) / 1e9);
            OpenTracker.AnswerSample sample = tracker.sample();

            // HTTP/1.1 carries one request at a time per connection, so wrk needs C x S connections for as many
            // announces in flight as ours.
            int inFlight = connections * streams;
            if (warmup > 0) {
                tracker.wrk(threads, inFlight, warmup, false);
            }
            OpenTracker.WrkRun warm = tracker.wrk(threads, inFlight, seconds, false);
            WrkResult w = warm.result();
            out.printf("opentracker: %,.0f announces/s, p50 %.2f ms, p99 %.2f ms, %d failed%n", w.perSecond(),
                    w.p50Micros() / 1000.0, w.p99Micros() / 1000.0, failures(w));
            if (w.readErrors() > w.requests() / 2) {
                out.println("note: opentracker closes every connection after its answer (wrk counts that as a read "
                        + "error), so its warm run, too, opened a TCP connection per announce");
            }
            tracker.wrk(threads, connections, AnnounceCommand.CONNECT_WARMUP_SECONDS, true);
            OpenTracker.WrkRun fresh = tracker.wrk(threads, connections, connectSeconds, true);
            WrkResult f = fresh.result();
            out.printf("opentracker: %,.0f new connections/s, %d failed%n", f.perSecond(), failures(f));
            return new TrackerFigures(w.perSecond(), w.p50Micros(), w.p99Micros(),
                    1e6 * warm.trackerCpuSeconds() / w.requests(), tracker.peakRssBytes(), f.perSecond(),
                    1e6 * fresh.trackerCpuSeconds() / f.requests(), 1e6 * warm.wrkCpuSeconds() / w.requests(), 1e6 * fresh.wrkCpuSeconds() / f.requests(),
                    sample.peers(), sample.bytes(), failures(w) + failures(f), warm.otherLoad());
        }
    }

    /** Announces that got no answer or an error status; a connection closed after its answer is not a failure. */
    private static long failures(WrkResult result) {
        return result.connectErrors() + result.statusErrors() + result.timeouts();
    }
}
