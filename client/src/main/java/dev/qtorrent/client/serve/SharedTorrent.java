package dev.qtorrent.client.serve;

import dev.qtorrent.client.download.Sharing;
import dev.qtorrent.common.bencode.BInteger;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.metainfo.InfoHash;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.storage.PieceStore;
import dev.qtorrent.common.storage.StorageLayout;
import dev.qtorrent.common.tls.Fingerprint;
import dev.qtorrent.peer.serve.PieceEvents;
import dev.qtorrent.peer.serve.ServedTorrent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * One torrent as the client's node serves it: its metainfo always, and each piece once it is verified and on disk,
 * read from the part file during a download and from the finished data afterwards. For a private torrent (BEP 27
 * {@code private} = 1) it also keeps the fingerprints the tracker listed in the swarm, or confirmed when asked
 * ({@link ListedPeers}), the only peers it serves.
 */
public final class SharedTorrent implements ServedTorrent, Sharing {
    private final Metainfo metainfo;
    private final StorageLayout layout;
    private final int port;
    private final BitSet have = new BitSet();
    private final ListedPeers listed;
    private final LongAdder uploaded = new LongAdder();
    private volatile long downloaded;
    private final PieceEvents events = new PieceEvents();
    private volatile PieceStore store;

    /**
     * A torrent whose private swarm is served only to the peers in this client's own peer lists.
     *
     * @param port where the client's node listens, announced to the tracker; 0 when it does not listen
     */
    public SharedTorrent(Metainfo metainfo, int port) {
        this(metainfo, port, null);
    }

    /**
     * @param port  where the client's node listens, announced to the tracker; 0 when it does not listen
     * @param check how to ask the tracker about a private torrent's peer not in those lists; null not to ask
     */
    public SharedTorrent(Metainfo metainfo, int port, PeerCheck check) {
        this.metainfo = metainfo;
        this.layout = StorageLayout.of(metainfo.info());
        this.port = port;
        this.listed = new ListedPeers(metainfo.infoHash(), check, System::nanoTime);
    }

    /** Whether the torrent is private (BEP 27): served only to peers its tracker listed. */
    public boolean isPrivate() {
        return metainfo.info().raw().get("private").map(v -> v instanceof BInteger i && i.value() == 1)
                .orElse(false);
    }

    /** Whether the tracker listed {@code peer} in this swarm's peer lists seen so far, or confirmed it when asked. */
    public boolean listed(Fingerprint peer) {
        return listed.contains(peer);
    }

    /**
     * Completes when {@code peer} may be served this private torrent: at once when the tracker listed it, else once
     * the tracker confirms it; exceptionally with {@code not_listed} otherwise. Never blocks.
     */
    CompletableFuture<Void> admit(Fingerprint peer) {
        return listed.admit(peer);
    }

    @Override
    public InfoHash infoHash() {
        return metainfo.infoHash();
    }

    @Override
    public String name() {
        return metainfo.info().name();
    }

    @Override
    public StorageLayout layout() {
        return layout;
    }

    @Override
    public byte[] infoBytes() {
        return metainfo.infoBytes();
    }

    @Override
    public Optional<String> unavailable(int index) {
        synchronized (have) {
            if (!have.get(index)) {
                return Optional.of("this peer has not verified it yet");
            }
        }
        return store == null ? Optional.of("this peer's data is not open now") : Optional.empty();
    }

    @Override
    public boolean has(int index) {
        synchronized (have) {
            return have.get(index) && store != null;
        }
    }

    /** Have subscriptions hear each piece as the download stores it. */
    @Override
    public Optional<PieceEvents> events() {
        return Optional.of(events);
    }

    @Override
    public int read(long torrentOffset, ByteBuffer target) throws IOException {
        PieceStore open = store;
        if (open == null) {
            throw new IOException("the data of " + name() + " was closed");
        }
        return open.read(torrentOffset, target);
    }

    /** Counts what QUIC took to send, not what was read: a cancelled piece's read-ahead never reaches the peer. */
    @Override
    public void sent(int bytes) {
        uploaded.add(bytes);
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void downloaded(long bytes) {
        downloaded = bytes;
    }

    /** Piece bytes the download before the seeding received, announced as {@code downloaded}; 0 without one. */
    public long downloaded() {
        return downloaded;
    }

    @Override
    public long uploaded() {
        return uploaded.sum();
    }

    @Override
    public void announced(AnnounceResponse answer) {
        for (AnnounceResponse.Peer peer : answer.peers()) {
            listed.add(new Fingerprint(peer.certSha256()));
        }
    }

    @Override
    public void opened(PieceStore store, BitSet have) {
        synchronized (this.have) {
            this.have.clear();
            this.have.or(have);
        }
        this.store = store;
    }

    @Override
    public void stored(int index) {
        synchronized (have) {
            have.set(index);
        }
        events.verified(index);
    }

    @Override
    public void closing() {
        store = null;
    }

    /** Pieces verified and on disk now. */
    public int pieces() {
        synchronized (have) {
            return have.cardinality();
        }
    }
}
