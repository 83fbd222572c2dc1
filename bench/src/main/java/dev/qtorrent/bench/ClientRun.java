package dev.qtorrent.bench;

/**
 * One client process: seconds from its start to its exit, seconds from the first to the last piece byte and from its
 * start to the first piece byte (from its log), CPU seconds, peak resident memory, the CPU seconds the tracker spent
 * meanwhile, and the largest datagram its connection to the tracker accepted.
 */
record ClientRun(long bytes, double seconds, double dataSeconds, double firstByteSeconds, double cpuSeconds,
                 long peakRss, double trackerCpuSeconds, int datagramBytes) {

    double endToEndRate() {
        return Sizes.megabytesPerSecond(bytes, seconds);
    }

    double dataRate() {
        return Sizes.megabytesPerSecond(bytes, dataSeconds);
    }
}
