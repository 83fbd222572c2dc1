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
 */
record SourcesRun(int allowed, long bytes, double seconds, double dataSeconds, int peers, long fromTracker,
                  double cpuSeconds, double seedersCpu, long peakRss) {

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
}
