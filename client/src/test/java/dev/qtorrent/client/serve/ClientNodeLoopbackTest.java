package dev.qtorrent.client.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.BitfieldRequest;
import dev.qtorrent.common.message.BitfieldResponse;
import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ErrorResponse;
import dev.qtorrent.common.message.MetainfoRequest;
import dev.qtorrent.common.message.PieceRequest;
import dev.qtorrent.common.message.PieceResponse;
import dev.qtorrent.common.message.Request;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.quic.Answer;
import dev.qtorrent.common.quic.CertificatePinException;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.storage.HashProgress;
import dev.qtorrent.common.storage.PieceStore;
import dev.qtorrent.common.storage.StorageLayout;
import dev.qtorrent.common.storage.TorrentWriter;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.common.tls.PinningTrustManager;
import dev.qtorrent.peer.serve.ResetSecret;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's node over real QUIC on loopback: it serves the pieces its download has verified, byte for byte, and
 * refuses the others, connections without a client certificate, and (for a private torrent) certificates the tracker
 * did not list; a peer pinning another certificate fails the handshake.
 */
@Timeout(30)
class ClientNodeLoopbackTest {
    private static final int PIECE = 16 * 1024;

    @TempDir
    Path dir;
    private final NodeIdentity nodeIdentity = NodeIdentity.generate(NodeIdentity.Role.PEER, null);
    private final NodeIdentity asker = NodeIdentity.generate(NodeIdentity.Role.PEER, null);
    private byte[] data;
    private ClientNode node;
    private PieceStore store;

    @BeforeEach
    void start() throws Exception {
        data = new byte[3 * PIECE - 100];
        new Random(10).nextBytes(data);
        Files.write(dir.resolve("data.bin"), data);
        node = ClientNode.start(InetAddress.getLoopbackAddress(), 0, nodeIdentity, ResetSecret.random());
    }

    @AfterEach
    void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private SharedTorrent share(boolean privateFlag, int... verified) throws Exception {
        Metainfo metainfo = TorrentWriter.create(dir.resolve("data.bin"), new TorrentWriter.Options(
                "quic://127.0.0.1:7001", null, PIECE, null, privateFlag, Instant.EPOCH), HashProgress.none());
        store = PieceStore.open(dir, List.of(dir.resolve("data.bin")), StorageLayout.of(metainfo.info()), false);
        SharedTorrent shared = new SharedTorrent(metainfo, node.port());
        BitSet have = new BitSet();
        Arrays.stream(verified).forEach(have::set);
        shared.opened(store, have);
        node.pieces().add(shared);
        return shared;
    }

    private NodeConnection connect(NodeIdentity pin, NodeIdentity identity) throws Exception {
        return NodeConnection.connect("peer", node.address(), PinningTrustManager.pinned(pin.fingerprint()),
                identity, QuicSettings.defaults(), Duration.ofSeconds(5));
    }

    @Test
    void servesVerifiedPiecesByteExactAndRefusesTheOthers() throws Exception {
        SharedTorrent shared = share(false, 0, 2);
        String hash = shared.infoHash().hex();
        try (NodeConnection peer = connect(nodeIdentity, asker)) {
            for (int index : new int[] {0, 2}) {
                Answer answer = peer.exchange(new PieceRequest(hash, index), PIECE).get(10, TimeUnit.SECONDS);
                int length = Math.min(PIECE, data.length - index * PIECE);
                assertEquals(new PieceResponse(hash, index, length), answer.header());
                assertArrayEquals(Arrays.copyOfRange(data, index * PIECE, index * PIECE + length), answer.payload());
            }
            ErrorResponse missing = refusal(peer, new PieceRequest(hash, 1));
            assertEquals(ErrorCode.PIECE_NOT_AVAILABLE, missing.errorCode());
            assertTrue(missing.error().contains("not verified"), missing.error());
            Answer metainfo = peer.exchange(new MetainfoRequest(hash), 1 << 16).get(10, TimeUnit.SECONDS);
            assertArrayEquals(shared.infoBytes(), metainfo.payload());

            shared.stored(1);
            Answer late = peer.exchange(new PieceRequest(hash, 1), PIECE).get(10, TimeUnit.SECONDS);
            assertArrayEquals(Arrays.copyOfRange(data, PIECE, 2 * PIECE), late.payload());
        }
        assertEquals(data.length, shared.uploaded());
    }

    /** The bitfield is what the download has verified, and grows as it stores pieces. */
    @Test
    void theBitfieldListsTheVerifiedPieces() throws Exception {
        SharedTorrent shared = share(false, 0, 2);
        String hash = shared.infoHash().hex();
        try (NodeConnection peer = connect(nodeIdentity, asker)) {
            BitfieldResponse before = assertInstanceOf(BitfieldResponse.class,
                    peer.exchange(new BitfieldRequest(hash)).get(10, TimeUnit.SECONDS));
            assertEquals(BitSet.valueOf(new long[] {0b101}), before.held());
            shared.stored(1);
            BitfieldResponse after = assertInstanceOf(BitfieldResponse.class,
                    peer.exchange(new BitfieldRequest(hash)).get(10, TimeUnit.SECONDS));
            assertTrue(after.complete(), after.toString());
        }
        try (NodeConnection anonymous = connect(nodeIdentity, null)) {
            assertEquals(ErrorCode.CERTIFICATE_REQUIRED, refusal(anonymous, new BitfieldRequest(hash)).errorCode());
        }
    }

    @Test
    void aConnectionWithoutClientCertificateIsRefused() throws Exception {
        SharedTorrent shared = share(false, 0);
        try (NodeConnection anonymous = connect(nodeIdentity, null)) {
            ErrorResponse error = refusal(anonymous, new PieceRequest(shared.infoHash().hex(), 0));
            assertEquals(ErrorCode.CERTIFICATE_REQUIRED, error.errorCode());
            assertEquals(ErrorCode.CERTIFICATE_REQUIRED,
                    refusal(anonymous, new MetainfoRequest(shared.infoHash().hex())).errorCode());
        }
        assertEquals(0, shared.uploaded());
    }

    @Test
    void aPeerPinningAnotherCertificateFailsTheHandshake() throws Exception {
        share(false, 0);
        NodeIdentity impostorPin = NodeIdentity.generate(NodeIdentity.Role.PEER, null);
        assertThrows(CertificatePinException.class, () -> connect(impostorPin, asker).close());
    }

    @Test
    void aPrivateTorrentServesOnlyFingerprintsTheTrackerListed() throws Exception {
        SharedTorrent shared = share(true, 0);
        String hash = shared.infoHash().hex();
        try (NodeConnection peer = connect(nodeIdentity, asker)) {
            ErrorResponse unlisted = refusal(peer, new PieceRequest(hash, 0));
            assertEquals(ErrorCode.NOT_LISTED, unlisted.errorCode());
            assertTrue(unlisted.error().contains(asker.fingerprint().toString()), unlisted.error());
            assertEquals(ErrorCode.NOT_LISTED, refusal(peer, new MetainfoRequest(hash)).errorCode());

            shared.announced(new AnnounceResponse(60, List.of(new AnnounceResponse.Peer("-QT0100-abcdefghijkl",
                    "127.0.0.1", 6881, asker.fingerprint().toString())), 1, 1));
            Answer answer = peer.exchange(new PieceRequest(hash, 0), PIECE).get(10, TimeUnit.SECONDS);
            assertArrayEquals(Arrays.copyOfRange(data, 0, PIECE), answer.payload());
        }
    }

    @Test
    void aTakenPortFallsBackToTheNextFreeOne() throws Exception {
        int taken = node.port();
        try (ClientNode second = ClientNode.start(InetAddress.getLoopbackAddress(), taken, asker,
                ResetSecret.random())) {
            assertNotEquals(taken, second.port());
            if (taken <= 65_535 - ClientNode.TRIES) {
                assertTrue(second.port() > taken && second.port() < taken + ClientNode.TRIES,
                        "port " + second.port() + " after " + taken);
            }
        }
    }

    private static ErrorResponse refusal(NodeConnection connection, Request request) throws Exception {
        return assertInstanceOf(ErrorResponse.class, connection.exchange(request).get(10, TimeUnit.SECONDS));
    }
}
