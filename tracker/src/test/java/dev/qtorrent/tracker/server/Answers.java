package dev.qtorrent.tracker.server;

import dev.qtorrent.common.message.MessageCodec;

/** Reading raw answers in tests: where the JSON header line of an answer's bytes ends. */
final class Answers {
    private Answers() {
    }

    /** The index of the newline that ends the header line of {@code raw}, or -1 when there is none. */
    static int headerEnd(byte[] raw) {
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == MessageCodec.HEADER_END) {
                return i;
            }
        }
        return -1;
    }
}
