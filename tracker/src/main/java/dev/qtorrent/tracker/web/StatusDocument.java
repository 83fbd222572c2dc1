package dev.qtorrent.tracker.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qtorrent.common.metainfo.MagnetLink;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.tracker.seed.SeedCatalog;
import dev.qtorrent.tracker.seed.SeededTorrent;
import dev.qtorrent.tracker.seed.TrackedTorrent;
import dev.qtorrent.tracker.swarm.SwarmCounts;
import dev.qtorrent.tracker.swarm.SwarmStore;
import dev.qtorrent.tracker.swarm.SwarmTotals;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The status page's data, {@code /status.json}: every torrent of the seed folder as the catalog lists it now, with its
 * swarm's counts and the bytes served of it. Seeds include the tracker itself for a torrent it seeds, as announce
 * answers count it.
 */
public final class StatusDocument {
    /** Longer than a shared store's own timeout, which fails the answer first. */
    private static final long COUNTS_WAIT_SECONDS = 3;

    private final ObjectMapper json = new ObjectMapper();
    private final SeedCatalog catalog;
    private final SwarmStore swarms;

    public StatusDocument(SeedCatalog catalog, SwarmStore swarms) {
        this.catalog = catalog;
        this.swarms = swarms;
    }

    /** One torrent's line on the page. */
    record Row(String name, @JsonProperty("info_hash") String infoHash, String state, long size, int files,
               int seeds, int leechers, long downloaded, @JsonProperty("bytes_served") long bytesServed,
               String magnet, String torrent) {
    }

    /** The whole document. */
    record Document(List<Row> torrents, long peers, long seeds, long leechers) {
    }

    byte[] json() {
        List<Row> rows = new ArrayList<>();
        for (SeededTorrent seeded : catalog.torrents()) {
            rows.add(row(seeded.metainfo(), "seeded", true, seeded.bytesServed()));
        }
        for (TrackedTorrent tracked : catalog.tracked()) {
            rows.add(row(tracked.metainfo(), "tracked", false, 0));
        }
        rows.sort(Comparator.comparing(Row::name).thenComparing(Row::infoHash));
        SwarmTotals totals = swarms.totals();
        try {
            return json.writeValueAsBytes(new Document(rows, totals.peers(), totals.seeds(), totals.leechers()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Row row(Metainfo metainfo, String state, boolean origin, long bytesServed) {
        String hex = metainfo.infoHash().hex();
        SwarmCounts counts = countsOf(hex);
        return new Row(metainfo.info().name(), hex, state, metainfo.info().totalLength(),
                metainfo.info().files().size(), counts.seeds() + (origin ? 1 : 0), counts.leechers(),
                counts.downloaded(), bytesServed, MagnetLink.of(metainfo),
                "/torrents/" + hex + ".torrent");
    }

    /**
     * The counts of one swarm, waited for on the web server's thread (never a QUIC event loop); zeros when a shared
     * store does not answer in time, so the page still shows the torrents.
     */
    private SwarmCounts countsOf(String infoHash) {
        try {
            return swarms.counts(infoHash).toCompletableFuture().get(COUNTS_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return SwarmCounts.NONE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SwarmCounts.NONE;
        }
    }
}
