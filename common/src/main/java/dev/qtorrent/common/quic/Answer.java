package dev.qtorrent.common.quic;

import dev.qtorrent.common.message.Response;

/**
 * A node's complete answer on one stream: the JSON header and the bytes that followed it.
 *
 * @param header  the response header
 * @param payload the bytes after the header line, empty for control answers
 */
public record Answer(Response header, byte[] payload) {
}
