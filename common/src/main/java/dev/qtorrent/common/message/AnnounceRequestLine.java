package dev.qtorrent.common.message;

import dev.qtorrent.common.message.AnnounceRequest.Event;
import java.nio.charset.StandardCharsets;

/**
 * The announce request in the one form our clients write it (Jackson's: members in the record's order, {@code event}
 * only when there is one), read without Jackson: a tracker reads tens of thousands a second, and Jackson's
 * polymorphic reader was about a twentieth of its CPU. A line in any other form, or with a value the request refuses,
 * is not recognised here and goes to {@link MessageCodec}'s general path, so what is accepted and refused, and every
 * error's message, is unchanged.
 */
final class AnnounceRequestLine {
    private static final byte[] PREFIX = ascii("{\"type\":\"announce\",\"info_hash\":\"");
    private static final byte[] PEER_ID = ascii("\",\"peer_id\":\"");
    private static final byte[] PORT = ascii(",\"port\":");
    private static final byte[] UPLOADED = ascii(",\"uploaded\":");
    private static final byte[] DOWNLOADED = ascii(",\"downloaded\":");
    private static final byte[] LEFT = ascii(",\"left\":");
    private static final byte[] EVENT = ascii(",\"event\":\"");
    private static final byte[] NUMWANT = ascii(",\"numwant\":");
    private static final byte[] STARTED = ascii("started\"");
    private static final byte[] COMPLETED = ascii("completed\"");
    private static final byte[] STOPPED = ascii("stopped\"");

    private AnnounceRequestLine() {
    }

    /** The request {@code json} holds when it is in our clients' form with values the request accepts; else null. */
    static AnnounceRequest parse(byte[] json) {
        LineCursor in = new LineCursor(json);
        if (!in.literal(PREFIX)) {
            return null;
        }
        String infoHash = in.hash();
        if (infoHash == null || !in.literal(PEER_ID)) {
            return null;
        }
        String peerId = in.text();
        if (peerId == null || !in.literal(PORT)) {
            return null;
        }
        long port = in.number(LineCursor.INT_DIGITS);
        long uploaded = in.literal(UPLOADED) ? in.number(LineCursor.LONG_DIGITS) : -1;
        long downloaded = in.literal(DOWNLOADED) ? in.number(LineCursor.LONG_DIGITS) : -1;
        long left = in.literal(LEFT) ? in.number(LineCursor.LONG_DIGITS) : -1;
        Event event = null;
        if (in.optional(EVENT)) {
            event = event(in);
            if (event == null) {
                return null;
            }
        }
        long numwant = in.literal(NUMWANT) ? in.number(LineCursor.INT_DIGITS) : -1;
        if (!in.close() || port > Integer.MAX_VALUE || numwant > Integer.MAX_VALUE) {
            return null;
        }
        try {
            return new AnnounceRequest(infoHash, peerId, (int) port, uploaded, downloaded, left, event,
                    (int) numwant);
        } catch (IllegalArgumentException refused) {
            // Refused values are left to the general path, which words the error as for any other line.
            return null;
        }
    }

    private static Event event(LineCursor in) {
        if (in.optional(STARTED)) {
            return Event.STARTED;
        }
        if (in.optional(COMPLETED)) {
            return Event.COMPLETED;
        }
        return in.optional(STOPPED) ? Event.STOPPED : null;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
