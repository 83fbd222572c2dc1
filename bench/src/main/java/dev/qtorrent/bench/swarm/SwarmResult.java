package dev.qtorrent.bench.swarm;

import java.util.List;
import java.util.OptionalLong;

/**
 * What one implementation did in the swarm: each downloader's completion (seconds from the common start to its
 * exit, in host order), the bytes the origin's interface and all hosts' interfaces sent meanwhile, the redundant
 * endgame bytes when the downloaders report them, and the CPU time of all the downloaders together and of the
 * origin's processes meanwhile (NaN when not measured).
 */
public record SwarmResult(String name, List<Double> completions, long originTxBytes, long allTxBytes,
                          OptionalLong redundantBytes, double downloadersCpuSeconds, double originCpuSeconds) {
    private static final double GIB = 1L << 30;

    public SwarmResult {
        completions = List.copyOf(completions);
        if (completions.isEmpty()) {
            throw new IllegalArgumentException("no downloader");
        }
    }

    /** A result without CPU figures. */
    public SwarmResult(String name, List<Double> completions, long originTxBytes, long allTxBytes,
                       OptionalLong redundantBytes) {
        this(name, completions, originTxBytes, allTxBytes, redundantBytes, Double.NaN, Double.NaN);
    }

    /** This result with the redundant bytes the downloaders reported. */
    SwarmResult withRedundantBytes(OptionalLong bytes) {
        return new SwarmResult(name, completions, originTxBytes, allTxBytes, bytes, downloadersCpuSeconds,
                originCpuSeconds);
    }

    /** This result with the CPU time the origin's processes spent while the downloaders ran. */
    SwarmResult withOriginCpuSeconds(double seconds) {
        return new SwarmResult(name, completions, originTxBytes, allTxBytes, redundantBytes, downloadersCpuSeconds,
                seconds);
    }

    /**
     * The downloaders' CPU per GiB each of them received, start-up included: what a byte cost a downloader (which
     * also uploads to the others) at the swarm's rates.
     */
    public double downloadersCpuPerGibibyte(long size) {
        return downloadersCpuSeconds * GIB / ((double) completions.size() * size);
    }

    /** The origin's CPU per GiB its interface sent (headers and requests included). */
    public double originCpuPerGibibyteSent() {
        return originCpuSeconds * GIB / originTxBytes;
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
