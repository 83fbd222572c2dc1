package dev.qtorrent.bench.swarm;

import java.util.List;
import java.util.OptionalLong;

/**
 * What one implementation did in the swarm: each downloader's completion (seconds from the common start to its
 * exit, in host order), the bytes the origin's interface and all hosts' interfaces sent meanwhile, and the redundant
 * endgame bytes when the downloaders report them.
 */
public record SwarmResult(String name, List<Double> completions, long originTxBytes, long allTxBytes,
                          OptionalLong redundantBytes) {
    public SwarmResult {
        completions = List.copyOf(completions);
        if (completions.isEmpty()) {
            throw new IllegalArgumentException("no downloader");
        }
    }

    /** Seconds from the common start until the last downloader was done. */
    public double allDoneSeconds() {
        return completions.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    /** The median completion (the mean of the two middle ones for an even count). */
    public double p50Seconds() {
        double[] sorted = completions.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Bytes the origin sent ÷ the bytes delivered (N × size): 1 when it sent every copy itself. */
    public double originShare(long size) {
        return originTxBytes / ((double) completions.size() * size);
    }

    /** Bytes all hosts sent ÷ the bytes delivered: above 1 by headers, requests, retransmissions and duplicates. */
    public double wireShare(long size) {
        return allTxBytes / ((double) completions.size() * size);
    }

    /** N × size ÷ the time until all were done, in MB/s (10^6 bytes per second). */
    public double goodputMegabytesPerSecond(long size) {
        return (double) completions.size() * size / allDoneSeconds() / 1e6;
    }
}
