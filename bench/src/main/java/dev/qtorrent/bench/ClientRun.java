package dev.qtorrent.bench;

/**
 * One client process: seconds from its start to its exit, seconds from the first to the last piece byte (from its
 * log), CPU seconds, peak resident memory, and the CPU seconds the tracker spent meanwhile.
 */
record ClientRun(long bytes, double seconds, double dataSeconds, double cpuSeconds, long peakRss,
                 double trackerCpuSeconds) {

    double endToEndRate() {
        return Sizes.megabytesPerSecond(bytes, seconds);
    }

    double dataRate() {
        return Sizes.megabytesPerSecond(bytes, dataSeconds);
    }
}
