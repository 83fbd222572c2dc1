package dev.qtorrent.common.message;

import dev.qtorrent.common.message.AnnounceResponse.Peer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The announce answer written without Jackson, in exactly the bytes Jackson writes (the header line's JSON, without
 * its newline). Every announce a tracker answers lists up to 50 peers, and writing them through Jackson's bean
 * serializers was an eighth of the tracker's CPU under load. The entries of a {@link JsonPeerList} write themselves;
 * of the others, only text that JSON carries as it is (printable ASCII other than quote and backslash) is written
 * here, and an answer with any other character in such a peer's id or address goes to Jackson, which escapes it.
 */
final class AnnounceLine {
    private static final byte[] START = ascii("{\"type\":\"announce\",\"interval\":");
    private static final byte[] PEERS = ascii(",\"peers\":[");
    private static final byte[] COMPLETE = ascii("],\"complete\":");
    private static final byte[] INCOMPLETE = ascii(",\"incomplete\":");

    private AnnounceLine() {
    }

    /** The JSON of {@code answer}, or null when a text in it needs escaping: then Jackson writes it. */
    static byte[] encode(AnnounceResponse answer) {
        return encode(answer, false);
    }

    /**
     * As {@link #encode(AnnounceResponse)}, ended by the header's newline when {@code headerLine}: written in place,
     * so that an answer of some kilobytes is not copied once more to add it.
     */
    static byte[] encode(AnnounceResponse answer, boolean headerLine) {
        Plan plan = plan(answer, headerLine);
        if (plan == null) {
            return null;
        }
        byte[] line = new byte[plan.size];
        plan.write(line, 0);
        return line;
    }

    /** How {@code answer} is written, with its exact size; null when a text in it needs escaping (Jackson's). */
    static Plan plan(AnnounceResponse answer, boolean headerLine) {
        List<Peer> peers = answer.peers();
        // Entries of a JsonPeerList that write themselves have their length here; -1 for those written from a Peer.
        int[] direct = new int[peers.size()];
        JsonPeerList writer = peers instanceof JsonPeerList list ? list : null;
        // The exact length, so that the answer is written once, into memory of its size, and never copied.
        int size = START.length + PeerJson.digits(answer.interval()) + PEERS.length + Math.max(0, direct.length - 1)
                + COMPLETE.length + PeerJson.digits(answer.complete())
                + INCOMPLETE.length + PeerJson.digits(answer.incomplete()) + 1 + (headerLine ? 1 : 0);
        for (int i = 0; i < direct.length; i++) {
            direct[i] = writer == null ? -1 : writer.jsonBytes(i);
            if (direct[i] >= 0) {
                size += direct[i];
                continue;
            }
            Peer peer = peers.get(i);
            // cert_sha256 needs no look: a Peer holds it only as 64 lower-case hex digits.
            if (!plain(peer.peerId()) || !plain(peer.ip())) {
                return null;
            }
            size += PeerJson.PEER_ID.length + PeerJson.IP.length + PeerJson.PORT.length + PeerJson.CERT.length
                    + PeerJson.END.length + PeerJson.digits(peer.port()) + peer.peerId().length() + peer.ip().length()
                    + peer.certSha256().length();
        }
        return new Plan(answer, headerLine, writer, direct, size);
    }

    /** An answer counted to the byte, ready to be written into memory of that size. */
    static final class Plan {
        private final AnnounceResponse answer;
        private final boolean headerLine;
        private final JsonPeerList writer;
        private final int[] direct;
        final int size;

        private Plan(AnnounceResponse answer, boolean headerLine, JsonPeerList writer, int[] direct, int size) {
            this.answer = answer;
            this.headerLine = headerLine;
            this.writer = writer;
            this.direct = direct;
            this.size = size;
        }

        /** Writes the answer's {@link #size} bytes into {@code into} from {@code at}. */
        void write(byte[] into, int at) {
            List<Peer> peers = answer.peers();
            Writer out = new Writer(into, at, size);
            out.bytes(START).number(answer.interval()).bytes(PEERS);
            for (int i = 0; i < direct.length; i++) {
                if (i > 0) {
                    out.character(',');
                }
                if (direct[i] >= 0) {
                    out.length = writer.writeJson(i, out.buffer, out.length);
                    continue;
                }
                Peer peer = peers.get(i);
                out.bytes(PeerJson.PEER_ID).text(peer.peerId()).bytes(PeerJson.IP).text(peer.ip())
                        .bytes(PeerJson.PORT).number(peer.port()).bytes(PeerJson.CERT).text(peer.certSha256())
                        .bytes(PeerJson.END);
            }
            out.bytes(COMPLETE).number(answer.complete()).bytes(INCOMPLETE).number(answer.incomplete())
                    .character('}');
            if (headerLine) {
                out.character((char) MessageCodec.HEADER_END);
            }
            out.done();
        }
    }

    /** Whether JSON carries {@code text} as it is: printable ASCII without quote or backslash. */
    private static boolean plain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Appends to a part of an array that the whole answer fills. */
    private static final class Writer {
        final byte[] buffer;
        /** Where the next byte goes: an index of {@link #buffer}. */
        int length;
        private final int end;

        Writer(byte[] buffer, int at, int size) {
            this.buffer = buffer;
            this.length = at;
            this.end = at + size;
        }

        Writer bytes(byte[] bytes) {
            System.arraycopy(bytes, 0, buffer, length, bytes.length);
            length += bytes.length;
            return this;
        }

        /** {@code text}, already known to be printable ASCII. */
        Writer text(String text) {
            for (int i = 0; i < text.length(); i++) {
                buffer[length++] = (byte) text.charAt(i);
            }
            return this;
        }

        Writer character(char c) {
            buffer[length++] = (byte) c;
            return this;
        }

        Writer number(long value) {
            if (value < 0) {
                buffer[length++] = '-';
                value = -value;
            }
            int digits = 1;
            for (long rest = value / 10; rest > 0; rest /= 10) {
                digits++;
            }
            for (int i = digits - 1; i >= 0; i--) {
                buffer[length + i] = (byte) ('0' + value % 10);
                value /= 10;
            }
            length += digits;
            return this;
        }

        void done() {
            if (length != end) {
                throw new IllegalStateException("an answer that ends at " + length + ", counted to end at " + end);
            }
        }
    }
}
