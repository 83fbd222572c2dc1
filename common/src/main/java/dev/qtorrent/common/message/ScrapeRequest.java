package dev.qtorrent.common.message;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Asks a tracker for the sizes of some torrents' swarms without joining them, like BEP 48's scrape. Answered by one
 * {@link ScrapeResponse} and FIN.
 *
 * @param infoHashes 1 to {@value #MAX_INFO_HASHES} torrents, each 40 lower-case hex characters; a torrent named twice
 *                   is answered once
 */
public record ScrapeRequest(
        @JsonProperty(value = "info_hashes", required = true) List<String> infoHashes) implements Request {
    /** The most torrents one scrape may ask about, so that an answer stays small (about 10 KiB at most). */
    public static final int MAX_INFO_HASHES = 100;

    public ScrapeRequest {
        if (infoHashes == null || infoHashes.isEmpty()) {
            throw new IllegalArgumentException("info_hashes must list 1 to " + MAX_INFO_HASHES + " info hashes");
        }
        if (infoHashes.size() > MAX_INFO_HASHES) {
            throw new IllegalArgumentException("info_hashes may list at most " + MAX_INFO_HASHES
                    + " info hashes, got " + infoHashes.size());
        }
        for (int i = 0; i < infoHashes.size(); i++) {
            String hash = infoHashes.get(i);
            if (hash == null || !Fields.isInfoHash(hash)) {
                throw new IllegalArgumentException("info_hashes[" + i + "]: an info_hash must be 40 lower-case hex "
                        + "characters");
            }
        }
        infoHashes = List.copyOf(infoHashes);
    }
}
