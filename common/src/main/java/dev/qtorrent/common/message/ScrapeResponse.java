package dev.qtorrent.common.message;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tracker's answer to a {@link ScrapeRequest}: the swarm of each torrent asked about that the tracker seeds or
 * tracks, by info hash, in the order asked (BEP 48's {@code files}). Torrents the tracker does not know are left out.
 *
 * @param files the counts of each known torrent asked about, at most {@value ScrapeRequest#MAX_INFO_HASHES}
 */
public record ScrapeResponse(
        @JsonProperty(value = "files", required = true) Map<String, Swarm> files) implements Response {

    /**
     * One torrent's swarm, counted as an announce answer counts it.
     *
     * @param complete   seeds: peers that announced {@code left} 0, plus the tracker when it seeds the torrent
     * @param incomplete peers still downloading
     * @param downloaded {@code completed} events the tracker has recorded for the torrent since it started
     */
    public record Swarm(
            @JsonProperty(value = "complete", required = true) int complete,
            @JsonProperty(value = "incomplete", required = true) int incomplete,
            @JsonProperty(value = "downloaded", required = true) long downloaded) {
        public Swarm {
            Fields.nonNegative("complete", complete);
            Fields.nonNegative("incomplete", incomplete);
            Fields.nonNegative("downloaded", downloaded);
        }
    }

    public ScrapeResponse {
        if (files == null) {
            throw new IllegalArgumentException("files is required");
        }
        if (files.size() > ScrapeRequest.MAX_INFO_HASHES) {
            throw new IllegalArgumentException("files may hold at most " + ScrapeRequest.MAX_INFO_HASHES
                    + " torrents, got " + files.size());
        }
        for (Map.Entry<String, Swarm> file : files.entrySet()) {
            if (!Fields.isInfoHash(file.getKey())) {
                throw new IllegalArgumentException("files: a key must be an info_hash, 40 lower-case hex characters");
            }
            if (file.getValue() == null) {
                throw new IllegalArgumentException("files: " + file.getKey() + " has no counts");
            }
        }
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }
}
