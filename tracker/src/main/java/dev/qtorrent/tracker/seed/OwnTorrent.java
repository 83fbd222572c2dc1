package dev.qtorrent.tracker.seed;

import dev.qtorrent.common.bencode.BBytes;
import dev.qtorrent.common.bencode.Bencode;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.storage.TorrentWriter;
import dev.qtorrent.common.tls.Fingerprint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tracker's own torrents ({@code <name>.torrent}, created by quic-torrent, pinned) follow the tracker: when it
 * starts with another address or certificate, they are rewritten with the new {@code announce} and pin. Only keys
 * outside {@code info} change, so the info hash and piece hashes stay as they are.
 *
 * @param metainfo the torrent as it now is on disk
 * @param change   what was rewritten, e.g. {@code "announce quic://a:7001 -> quic://a:7002"}, or empty if nothing
 */
record OwnTorrent(Metainfo metainfo, String change) {

    /** Whether {@code metainfo}, read from {@code torrentFile}, is one of the tracker's own torrents. */
    static boolean isOwn(Metainfo metainfo, Path torrentFile) {
        return torrentFile.getFileName().toString().equals(metainfo.info().name() + SeedCatalog.TORRENT_SUFFIX)
                && metainfo.certificatePin().isPresent()
                && metainfo.get("created by").filter(v -> v instanceof BBytes b
                        && b.asUtf8().startsWith(TorrentWriter.CREATED_BY)).isPresent();
    }

    /** Brings {@code existing} up to date with the tracker's address and pin, rewriting the file only if needed. */
    static OwnTorrent retag(Metainfo existing, Path torrentFile, String announce, Fingerprint pin)
            throws IOException {
        List<String> changes = new ArrayList<>();
        if (!announce.equals(existing.announce())) {
            changes.add("announce " + (existing.announce().isEmpty() ? "(none)" : existing.announce()) + " -> "
                    + announce);
        }
        if (!existing.certificatePin().equals(Optional.of(pin.hex()))) {
            changes.add("certificate pin " + existing.certificatePin().map(OwnTorrent::shortPin).orElse("(none)")
                    + " -> " + shortPin(pin.hex()));
        }
        if (changes.isEmpty()) {
            return new OwnTorrent(existing, "");
        }
        Metainfo retagged = Metainfo.parse(Bencode.encode(existing.root().toBuilder()
                .put("announce", BBytes.of(announce))
                .put(Metainfo.CERT_PIN_KEY, BBytes.of(pin.hex()))
                .build()));
        if (!retagged.infoHash().equals(existing.infoHash())) {
            throw new IllegalStateException(torrentFile + ": re-encoding changed the info hash");
        }
        TorrentWriter.write(retagged, torrentFile);
        return new OwnTorrent(retagged, String.join(", ", changes));
    }

    /** Enough of a fingerprint to tell two apart in a log line. */
    private static String shortPin(String hex) {
        return hex.substring(0, 16) + "...";
    }
}
