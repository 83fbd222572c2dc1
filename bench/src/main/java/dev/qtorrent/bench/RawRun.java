package dev.qtorrent.bench;

/**
 * One bare transfer in its own client process: the rate from the first to the last byte, and the rate from process
 * start to exit. The second bounds what any download can reach end to end, since a download does the same and more.
 * {@code datagrams} says what sizes the connection agreed on.
 */
record RawRun(double dataRate, double endToEndRate, String datagrams) {
}
