package dev.qtorrent.common.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * BEP 3 announce: a peer tells the tracker how far it is with a torrent and asks for peers. Field names and units are
 * those of BEP 3; byte counts are totals for this torrent since the peer started.
 *
 * @param infoHash   SHA-1 of the torrent's info dictionary, 40 lower-case hex characters
 * @param peerId     the peer's id: 1 to 64 printable ASCII characters (our client sends 20)
 * @param port       the port the peer accepts connections on; 0 when it accepts none
 * @param uploaded   bytes uploaded
 * @param downloaded bytes downloaded
 * @param left       bytes still missing; 0 for a seed
 * @param event      {@code started}, {@code completed}, {@code stopped}, or null for a regular announce
 * @param numwant    how many peers the answer may list at most, 0 to {@value #MAX_NUMWANT}; null (absent or
 *                   {@code null} on the wire, as for {@code event}) means {@value #DEFAULT_NUMWANT}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AnnounceRequest(
        @JsonProperty(value = "info_hash", required = true) String infoHash,
        @JsonProperty(value = "peer_id", required = true) String peerId,
        @JsonProperty(value = "port", required = true) int port,
        @JsonProperty(value = "uploaded", required = true) long uploaded,
        @JsonProperty(value = "downloaded", required = true) long downloaded,
        @JsonProperty(value = "left", required = true) long left,
        @JsonProperty("event") Event event,
        @JsonProperty("numwant") Integer numwant) implements Request {

    /** Peers listed when the request does not say (BEP 3 trackers commonly answer 50). */
    public static final int DEFAULT_NUMWANT = 50;
    /** The most peers one answer lists, so that an answer stays small whatever a peer asks for. */
    public static final int MAX_NUMWANT = 200;

    /** BEP 3 announce events. */
    public enum Event {
        @JsonProperty("started") STARTED,
        @JsonProperty("completed") COMPLETED,
        @JsonProperty("stopped") STOPPED
    }

    public AnnounceRequest {
        Fields.infoHash(infoHash);
        if (peerId == null || peerId.isEmpty() || peerId.length() > 64 || !printable(peerId)) {
            throw new IllegalArgumentException("peer_id must be 1 to 64 printable ASCII characters");
        }
        Fields.port("port", port);
        Fields.nonNegative("uploaded", uploaded);
        Fields.nonNegative("downloaded", downloaded);
        Fields.nonNegative("left", left);
        if (numwant == null) {
            numwant = DEFAULT_NUMWANT;
        } else if (numwant < 0 || numwant > MAX_NUMWANT) {
            throw new IllegalArgumentException("numwant must be between 0 and " + MAX_NUMWANT + ", got " + numwant);
        }
    }

    private static boolean printable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** An announce that asks for the default number of peers. */
    public AnnounceRequest(String infoHash, String peerId, int port, long uploaded, long downloaded, long left,
                           Event event) {
        this(infoHash, peerId, port, uploaded, downloaded, left, event, null);
    }
}
