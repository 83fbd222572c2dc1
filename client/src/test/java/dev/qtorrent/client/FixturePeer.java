package dev.qtorrent.client;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.metainfo.InfoHash;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.storage.StorageLayout;
import dev.qtorrent.common.tls.Fingerprint;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.common.tls.PinningTrustManager;
import dev.qtorrent.peer.serve.NodeServer;
import dev.qtorrent.peer.serve.RequestHandlers;
import dev.qtorrent.peer.serve.ResetSecret;
import dev.qtorrent.peer.serve.ServedTorrent;
import dev.qtorrent.peer.serve.ServerLimits;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A peer that misbehaves on purpose, in the test's JVM: a real node ({@link NodeServer}, real QUIC on 127.0.0.1)
 * that holds every piece of one torrent and announces itself to the real tracker as a seed, but whose pieces are
 * what its {@link Kind} makes of them. Downloaders are real client processes that find it in the tracker's peer list.
 */
final class FixturePeer implements AutoCloseable {
    /** What the peer does with the pieces it is asked for. */
    enum Kind {
        /** Sends every piece as it is. */
        HONEST,
        /** Sends every piece with every byte changed, so each one fails its SHA-1 check. */
        LYING,
        /**
         * Sends the first half of the first piece that reaches its middle, then dies as a killed process does: its
         * socket is gone and nothing tells the other side. See {@link #awaitMidPiece} and {@link #die}.
         */
        DYING
    }

    private final String peerId;
    private final Metainfo metainfo;
    private final byte[] data;
    private final Kind kind;
    private final StorageLayout layout;
    private final NodeServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger piecesStarted = new AtomicInteger();
    private final CountDownLatch midPiece = new CountDownLatch(1);
    private final CountDownLatch dead = new CountDownLatch(1);

    /**
     * Starts the peer's node on a free loopback port.
     *
     * @param identity the certificate the node presents to those who connect to it
     */
    FixturePeer(String peerId, Metainfo metainfo, byte[] data, NodeIdentity identity, Kind kind)
            throws InterruptedException {
        this.peerId = peerId;
        this.metainfo = metainfo;
        this.data = data;
        this.kind = kind;
        this.layout = StorageLayout.of(metainfo.info());
        Pieces pieces = new Pieces();
        this.server = new NodeServer("peer", QuicSettings.defaults(), ServerLimits.defaults(), identity,
                ResetSecret.random(), infoHash -> find(infoHash, pieces), new RequestHandlers())
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    String peerId() {
        return peerId;
    }

    int port() {
        return server.address().getPort();
    }

    /** The address downloaders see in the peer list and log, {@code 127.0.0.1:port}. */
    String address() {
        return "127.0.0.1:" + port();
    }

    /** Requests of any kind that reached this peer (piece, bitfield, have, metainfo). */
    int requests() {
        return requests.get();
    }

    /** Piece requests this peer accepted and began to answer. */
    int piecesStarted() {
        return piecesStarted.get();
    }

    /**
     * Announces this peer to the tracker as a seed on its port, over a connection that presents {@code as}: the
     * certificate the tracker lists for it, which a downloader then pins.
     */
    void announce(InetSocketAddress tracker, Fingerprint trackerPin, NodeIdentity as) throws Exception {
        try (NodeConnection connection = NodeConnection.connect("tracker", tracker,
                PinningTrustManager.pinned(trackerPin), as, QuicSettings.defaults(), Duration.ofSeconds(10))) {
            AnnounceRequest announce = new AnnounceRequest(metainfo.infoHash().hex(), peerId, port(), 0, 0, 0,
                    AnnounceRequest.Event.STARTED, 0);
            assertInstanceOf(AnnounceResponse.class, connection.exchange(announce).get(10, TimeUnit.SECONDS));
        }
    }

    /** Waits until a {@link Kind#DYING} peer has sent the first half of a piece; false if it never did. */
    boolean awaitMidPiece(Duration timeout) throws InterruptedException {
        return midPiece.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Dies as a killed process: the socket closes and no connection is told. */
    void die() {
        server.closeWithoutNotice();
        dead.countDown();
    }

    @Override
    public void close() {
        dead.countDown();
        server.close();
    }

    private Optional<? extends ServedTorrent> find(String infoHash, Pieces pieces) {
        requests.incrementAndGet();
        return infoHash.equals(metainfo.infoHash().hex()) ? Optional.of(pieces) : Optional.empty();
    }

    /** The torrent as this peer serves it: every piece held, read from memory through {@link #kind}. */
    private final class Pieces implements ServedTorrent {
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
            return Optional.empty();
        }

        @Override
        public void pieceServed(int index) {
            piecesStarted.incrementAndGet();
        }

        @Override
        public int read(long torrentOffset, ByteBuffer target) throws IOException {
            if (torrentOffset >= data.length) {
                return 0;
            }
            int length = (int) Math.min(target.remaining(), data.length - torrentOffset);
            if (kind == Kind.DYING) {
                length = dyingRead(torrentOffset, length);
            }
            int start = target.position();
            target.put(data, (int) torrentOffset, length);
            if (kind == Kind.LYING) {
                for (int i = start; i < start + length; i++) {
                    target.put(i, (byte) (target.get(i) ^ 0x5a));
                }
            }
            return length;
        }

        /**
         * Reads up to the middle of the piece at once; a read that would cross it blocks until the peer has died. The
         * server reads the next chunk as soon as it has handed the one before to QUIC, so once a read blocks here the
         * first half is on its way.
         */
        private int dyingRead(long torrentOffset, int length) throws IOException {
            long pieceLength = layout.pieceLength();
            long middle = torrentOffset / pieceLength * pieceLength + pieceLength / 2;
            if (torrentOffset < middle) {
                return (int) Math.min(length, middle - torrentOffset);
            }
            midPiece.countDown();
            try {
                dead.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new InterruptedIOException("the peer died");
        }
    }
}
