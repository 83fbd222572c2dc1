package dev.qtorrent.bench.sources;

import dev.qtorrent.bench.Sizes;

/**
 * One download in the sources benchmark.
 *
 * @param allowed     the peers it could use ({@code --peers})
 * @param bytes       the file's size
 * @param seconds     process start to exit
 * @param dataSeconds first to last piece byte
 * @param peers       peers that sent it pieces
 * @param fromTracker piece bytes the tracker sent (0: the tracker only tracks)
 * @param cpuSeconds  the downloader's CPU time
 * @param seedersCpu  the CPU time of all the seeders meanwhile, together
 * @param peakRss     the downloader's peak resident memory
 * @param busySeconds the CPU time the whole machine spent busy meanwhile, every process's together (-1: unknown)
 */
record SourcesRun(int allowed, long bytes, double seconds, double dataSeconds, int peers, long fromTracker,
                  double cpuSeconds, double seedersCpu, long peakRss, double busySeconds) {

    double endToEndRate() {
        return Sizes.megabytesPerSecond(bytes, seconds);
    }

    double dataRate() {
        return Sizes.megabytesPerSecond(bytes, dataSeconds);
    }

    double cpuPerGibibyte() {
        return cpuSeconds * (1L << 30) / bytes;
    }

    double seedersCpuPerGibibyte() {
        return seedersCpu * (1L << 30) / bytes;
    }

    /** The cores the machine kept busy on average from the download's start to its exit (NaN: unknown). */
    double busyCores() {
        return busySeconds < 0 ? Double.NaN : busySeconds / seconds;
    }

    /**
     * The end-to-end rate at which the CPU this download and its seeders spent would fill all {@code cores}: no
     * download that costs as much CPU per byte can be faster on them, however its work is spread over threads.
     */
    double cpuBoundRate(int cores) {
        return Sizes.megabytesPerSecond(bytes, (cpuSeconds + seedersCpu) / cores);
    }
}
