package dev.qtorrent.bench.announce;

/**
 * What the benchmark measured for one tracker.
 *
 * @param announcesPerSecond       warm announces answered per second over open connections
 * @param p50Micros                median latency of those announces
 * @param p99Micros                99th percentile latency
 * @param cpuMicrosPerAnnounce     the tracker's process CPU (user and system) over the measured window, per announce
 * @param peakRssBytes             the tracker's peak resident memory (VmHWM) after every run
 * @param newConnectionsPerSecond  connect, handshake, one announce and close, per second
 * @param cpuMicrosPerConnection   the tracker's CPU per such new connection
 * @param generatorMicrosPerAnnounce the load generator's CPU per warm announce (ours or wrk)
 * @param generatorMicrosPerConnection the load generator's CPU per new connection
 * @param answerPeers              peers listed in a sample answer
 * @param answerBytes              bytes of an answer on the wire, above the transport (JSON line; HTTP with headers)
 * @param failures                 announces in the measured windows that failed or got another answer
 * @param otherLoad                share of the machine's CPU that other processes took during the warm window
 */
record TrackerFigures(double announcesPerSecond, double p50Micros, double p99Micros, double cpuMicrosPerAnnounce,
                      long peakRssBytes, double newConnectionsPerSecond, double cpuMicrosPerConnection,
                      double generatorMicrosPerAnnounce, double generatorMicrosPerConnection, int answerPeers, double answerBytes, long failures,
                      double otherLoad) {
}
