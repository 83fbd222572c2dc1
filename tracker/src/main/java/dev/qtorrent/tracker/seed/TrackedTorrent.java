package dev.qtorrent.tracker.seed;

import dev.qtorrent.common.metainfo.InfoHash;
import dev.qtorrent.common.metainfo.Metainfo;
import java.nio.file.Path;

/**
 * A torrent the tracker tracks without serving it: its {@code .torrent} is in the seed folder but the data is not
 * (or does not match it). Peers announce it and fetch its info dictionary here; its pieces come from peers only.
 *
 * @param metainfo    the parsed torrent
 * @param torrentFile the .torrent in the seed folder
 * @param why         why its pieces are not served, e.g. {@code "no data here"}
 */
public record TrackedTorrent(Metainfo metainfo, Path torrentFile, String why) {
    public InfoHash infoHash() {
        return metainfo.infoHash();
    }

    public String name() {
        return metainfo.info().name();
    }
}
