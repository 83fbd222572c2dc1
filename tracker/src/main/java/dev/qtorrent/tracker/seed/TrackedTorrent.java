package dev.qtorrent.tracker.seed;

import dev.qtorrent.common.metainfo.InfoHash;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.storage.StorageLayout;
import dev.qtorrent.peer.serve.ServedTorrent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A torrent the tracker tracks without serving it: its {@code .torrent} is in the seed folder but the data is not
 * (or does not match it). Peers announce it and fetch its info dictionary here; its pieces come from peers only.
 *
 * @param metainfo    the parsed torrent
 * @param torrentFile the .torrent in the seed folder
 * @param why         why its pieces are not served, e.g. {@code "no data here"}
 */
public record TrackedTorrent(Metainfo metainfo, Path torrentFile, String why) implements ServedTorrent {
    @Override
    public InfoHash infoHash() {
        return metainfo.infoHash();
    }

    @Override
    public String name() {
        return metainfo.info().name();
    }

    /** The torrent's piece arithmetic, made when asked: a piece request only needs it to check the index. */
    @Override
    public StorageLayout layout() {
        return new StorageLayout(metainfo.info().files(), metainfo.info().pieceLength());
    }

    @Override
    public byte[] infoBytes() {
        return metainfo.infoBytes();
    }

    @Override
    public Optional<String> unavailable(int index) {
        return Optional.of("this tracker tracks the torrent without holding its data");
    }

    @Override
    public int read(long torrentOffset, ByteBuffer target) throws IOException {
        throw new IOException(name() + ": no data here");
    }
}
