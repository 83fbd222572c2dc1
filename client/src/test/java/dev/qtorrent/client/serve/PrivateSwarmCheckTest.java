package dev.qtorrent.client.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ErrorResponse;
import dev.qtorrent.common.message.PieceRequest;
import dev.qtorrent.common.message.Response;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.quic.Answer;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.storage.HashProgress;
import dev.qtorrent.common.storage.PieceStore;
import dev.qtorrent.common.storage.StorageLayout;
import dev.qtorrent.common.storage.TorrentWriter;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.common.tls.PinningTrustManager;
import dev.qtorrent.peer.serve.ResetSecret;
import dev.qtorrent.tracker.TestTracker;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client's node and a real tracker over QUIC on loopback: for a private torrent the node asks the tracker about a
 * certificate it has not seen in its peer lists, serves one the tracker lists and refuses one it does not; for a
 * public torrent it never asks.
 */
@Timeout(60)
class PrivateSwarmCheckTest {
    private static final int PIECE = 16 * 1024;
    /** Generous for a loaded machine: the test is about what is asked and answered, not how fast. */
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private final NodeIdentity nodeIdentity = NodeIdentity.generate(NodeIdentity.Role.PEER, null);
    private final NodeIdentity joiner = NodeIdentity.generate(NodeIdentity.Role.PEER, null);
    private final NodeIdentity stranger = NodeIdentity.generate(NodeIdentity.Role.PEER, null);
    private final AtomicInteger questions = new AtomicInteger();
    private byte[] data;
    private TestTracker tracker;
    private ClientNode node;
    private TrackerPeerCheck peerCheck;
    private PieceStore store;

    @BeforeEach
    void start() throws Exception {
        data = new byte[2 * PIECE + 7];
        new Random(31).nextBytes(data);
        Files.write(dir.resolve("data.bin"), data);
        node = ClientNode.start(InetAddress.getLoopbackAddress(), 0, nodeIdentity, ResetSecret.random());
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable open : new AutoCloseable[] {peerCheck, node, tracker, store}) {
            if (open != null) {
                open.close();
            }
        }
    }

    @Test
    void aPrivateTorrentServesAPeerTheTrackerListsAndRefusesAStranger() throws Exception {
        SharedTorrent shared = share(true);
        // The node is in the swarm (as its own announce puts it), then another peer joins; the node never receives a
        // peer list naming it.
        announce(nodeIdentity, shared, node.port());
        announce(joiner, shared, 6999);
        assertFalse(shared.listed(joiner.fingerprint()));

        String hash = shared.infoHash().hex();
        try (NodeConnection peer = connect(joiner)) {
            Answer answer = peer.exchange(new PieceRequest(hash, 0), PIECE).get(20, TimeUnit.SECONDS);
            assertArrayEquals(Arrays.copyOf(data, PIECE), answer.payload(), String.valueOf(answer.header()));
            assertTrue(shared.listed(joiner.fingerprint()), "the tracker's yes is kept");
            Answer again = peer.exchange(new PieceRequest(hash, 1), PIECE).get(20, TimeUnit.SECONDS);
            assertArrayEquals(Arrays.copyOfRange(data, PIECE, 2 * PIECE), again.payload());
        }
        assertEquals(1, questions.get(), "asked once about the joiner");

        try (NodeConnection outsider = connect(stranger)) {
            ErrorResponse refused = refusal(outsider, new PieceRequest(hash, 0));
            assertEquals(ErrorCode.NOT_LISTED, refused.errorCode(), refused.error());
            assertTrue(refused.error().contains(stranger.fingerprint().hex()), refused.error());
            assertTrue(refused.error().contains("the tracker does not list it"), refused.error());
            assertEquals(ErrorCode.NOT_LISTED, refusal(outsider, new PieceRequest(hash, 1)).errorCode());
        }
        assertEquals(2, questions.get(), "the stranger's second request was refused from memory");
        assertEquals(2L * PIECE, shared.uploaded(), "nothing was sent to the stranger");
    }

    /** A node that is not in the swarm itself gets not_listed from the tracker, and so refuses the peer. */
    @Test
    void aNodeTheTrackerDoesNotListCannotVouchForOthers() throws Exception {
        SharedTorrent shared = share(true);
        announce(joiner, shared, 6999);
        try (NodeConnection peer = connect(joiner)) {
            ErrorResponse refused = refusal(peer, new PieceRequest(shared.infoHash().hex(), 0));
            assertEquals(ErrorCode.NOT_LISTED, refused.errorCode(), refused.error());
            assertTrue(refused.error().contains("could not be asked (the tracker answered not_listed"),
                    refused.error());
        }
    }

    @Test
    void aPublicTorrentNeverAsks() throws Exception {
        SharedTorrent shared = share(false);
        try (NodeConnection outsider = connect(stranger)) {
            Answer answer = outsider.exchange(new PieceRequest(shared.infoHash().hex(), 0), PIECE)
                    .get(20, TimeUnit.SECONDS);
            assertArrayEquals(Arrays.copyOf(data, PIECE), answer.payload());
        }
        assertEquals(0, questions.get());
    }

    private SharedTorrent share(boolean privateFlag) throws Exception {
        Metainfo metainfo = TorrentWriter.create(dir.resolve("data.bin"), new TorrentWriter.Options(
                "quic://127.0.0.1:7001", null, PIECE, null, privateFlag, Instant.EPOCH), HashProgress.none());
        // The tracker tracks the torrent without its data, as for a swarm of clients.
        TorrentWriter.write(metainfo, Files.createDirectories(dir.resolve("seed")).resolve("data.bin.torrent"));
        tracker = TestTracker.start(dir.resolve("seed"));
        peerCheck = new TrackerPeerCheck(timeout -> NodeConnection.connect("tracker", tracker.address(),
                PinningTrustManager.pinned(tracker.identity().fingerprint()), nodeIdentity, QuicSettings.defaults(),
                timeout), CHECK_TIMEOUT);
        store = PieceStore.open(dir, List.of(dir.resolve("data.bin")), StorageLayout.of(metainfo.info()), false);
        SharedTorrent shared = new SharedTorrent(metainfo, node.port(), (infoHash, peer) -> {
            questions.incrementAndGet();
            return peerCheck.listed(infoHash, peer);
        });
        BitSet all = new BitSet();
        all.set(0, shared.layout().pieceCount());
        shared.opened(store, all);
        node.pieces().add(shared);
        return shared;
    }

    private void announce(NodeIdentity who, SharedTorrent shared, int port) throws Exception {
        try (NodeConnection connection = tracker.connect(who)) {
            Response answer = connection.exchange(new AnnounceRequest(shared.infoHash().hex(),
                    "-QT0100-" + who.fingerprint().hex().substring(0, 12), port, 0, 0, 0,
                    AnnounceRequest.Event.STARTED)).get(10, TimeUnit.SECONDS);
            assertInstanceOf(AnnounceResponse.class, answer, answer.toString());
        }
    }

    private NodeConnection connect(NodeIdentity identity) throws Exception {
        return NodeConnection.connect("peer", node.address(), PinningTrustManager.pinned(nodeIdentity.fingerprint()),
                identity, QuicSettings.defaults(), Duration.ofSeconds(5));
    }

    private static ErrorResponse refusal(NodeConnection connection, PieceRequest request) throws Exception {
        Response answer = connection.exchange(request).get(20, TimeUnit.SECONDS);
        return assertInstanceOf(ErrorResponse.class, answer, answer.toString());
    }
}
