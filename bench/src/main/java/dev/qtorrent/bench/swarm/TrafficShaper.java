package dev.qtorrent.bench.swarm;

import java.util.List;

/**
 * The upload limit of one host: a token bucket (tc tbf) on its interface's egress. The bucket holds 10 ms of the
 * rate, and at least 64 KiB so that one segmentation-offload burst fits; packets wait at most 50 ms before they are
 * dropped, which is what a congested uplink does to a sender (netem, which could add delay, is not available).
 */
public final class TrafficShaper {
    static final int MIN_BURST_BYTES = 64 * 1024;

    private TrafficShaper() {
    }

    /** The tc command that limits {@code device} in {@code namespace} to {@code rate}. */
    public static List<String> limit(String namespace, String device, Rate rate) {
        return List.of("tc", "-n", namespace, "qdisc", "replace", "dev", device, "root", "tbf",
                "rate", rate.tc(), "burst", Long.toString(burstBytes(rate)), "latency", "50ms");
    }

    static long burstBytes(Rate rate) {
        return Math.max(MIN_BURST_BYTES, (long) (rate.bytesPerSecond() / 100));
    }
}
