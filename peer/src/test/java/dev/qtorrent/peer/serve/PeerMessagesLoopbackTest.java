package dev.qtorrent.peer.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.message.BitfieldRequest;
import dev.qtorrent.common.message.BitfieldResponse;
import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ErrorResponse;
import dev.qtorrent.common.message.HaveRequest;
import dev.qtorrent.common.message.HaveResponse;
import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.Response;
import dev.qtorrent.common.quic.LineReader;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.common.tls.PinningTrustManager;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamResetException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bitfields and have subscriptions over real QUIC on loopback, served by a plain node from in-memory torrents whose
 * pieces are verified while it serves them.
 */
@Timeout(60)
class PeerMessagesLoopbackTest {
    private final MessageCodec codec = new MessageCodec();
    private final List<AutoCloseable> open = new ArrayList<>();
    private NodeIdentity identity;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /** A node serving {@code torrents}, and a connection to it with {@code client} settings. */
    NodeConnection serve(ServerLimits limits, QuicSettings client, ChangingTorrent... torrents) throws Exception {
        Map<String, ChangingTorrent> byHash = new java.util.HashMap<>();
        for (ChangingTorrent torrent : torrents) {
            byHash.put(torrent.infoHash().hex(), torrent);
        }
        identity = NodeIdentity.generate("127.0.0.1");
        NodeServer server = new NodeServer("peer", QuicSettings.defaults(), limits, identity, ResetSecret.random(),
                hash -> Optional.ofNullable(byHash.get(hash)), new RequestHandlers());
        open.add(server);
        server.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return connect(server, client);
    }

    NodeConnection connect(NodeServer server, QuicSettings client) throws Exception {
        NodeConnection connection = NodeConnection.connect("peer", server.address(),
                PinningTrustManager.pinned(identity.fingerprint()), client, Duration.ofSeconds(5));
        open.add(connection);
        return connection;
    }

    /** Subscribes on a new stream; the reader holds the lines as they come. */
    LineReader subscribe(NodeConnection connection, String hash, boolean read) throws Exception {
        LineReader reader = new LineReader();
        QuicStreamChannel stream = connection.send(codec.encodeRequest(new HaveRequest(hash)), true, reader)
                .get(10, TimeUnit.SECONDS);
        if (!read) {
            stream.config().setAutoRead(false);
        }
        return reader;
    }

    @Test
    void bitfieldOfAPartialSourceHasItsPiecesOnly() throws Exception {
        ChangingTorrent torrent = new ChangingTorrent("partial", 10 * 16384L - 7, 16384, true);
        torrent.verify(0);
        torrent.verify(3);
        torrent.verify(9);
        NodeConnection connection = serve(ServerLimits.defaults(), QuicSettings.defaults(), torrent);
        String hash = torrent.infoHash().hex();

        Response answer = connection.exchange(new BitfieldRequest(hash)).get(10, TimeUnit.SECONDS);

        // Pieces 0 and 3 in the first byte (1001 0000), piece 9 in the second (0100 0000), spare bits zero.
        assertEquals(new BitfieldResponse(hash, 10, "kEA="), answer);
        BitSet expected = new BitSet();
        expected.set(0);
        expected.set(3);
        expected.set(9);
        assertEquals(expected, ((BitfieldResponse) answer).held());
    }

    @Test
    void bitfieldOfATorrentTheNodeLacksIsUnknown() throws Exception {
        NodeConnection connection = serve(ServerLimits.defaults(), QuicSettings.defaults(),
                new ChangingTorrent("x", 100, 16384, true));
        Response answer = connection.exchange(new BitfieldRequest("ab".repeat(20))).get(10, TimeUnit.SECONDS);
        assertEquals(ErrorCode.UNKNOWN_INFO_HASH, assertInstanceOf(ErrorResponse.class, answer).errorCode());
        answer = connection.exchange(new HaveRequest("ab".repeat(20))).get(10, TimeUnit.SECONDS);
        assertEquals(ErrorCode.UNKNOWN_INFO_HASH, assertInstanceOf(ErrorResponse.class, answer).errorCode());
    }

    @Test
    void haveSubscriptionSendsTheBitfieldThenEachVerifiedPieceInOrderThenFin() throws Exception {
        ChangingTorrent torrent = new ChangingTorrent("growing", 5 * 16384L, 16384, true);
        torrent.verify(1);
        NodeConnection connection = serve(ServerLimits.defaults(), QuicSettings.defaults(), torrent);
        String hash = torrent.infoHash().hex();

        LineReader reader = subscribe(connection, hash, true);
        assertEquals(new BitfieldResponse(hash, 5, "QA=="), reader.next(), "first line: piece 1 only");
        for (int index : new int[] {3, 0, 1, 4}) {
            torrent.verify(index);
        }
        assertEquals(new HaveResponse(hash, 3), reader.next());
        assertEquals(new HaveResponse(hash, 0), reader.next());
        assertEquals(new HaveResponse(hash, 4), reader.next(), "piece 1 was in the bitfield: not repeated");
        assertNull(reader.ended.getNow(null), "the stream stays open while pieces are missing");
        torrent.verify(2);
        assertEquals(new HaveResponse(hash, 2), reader.next());
        assertNull(reader.ended.get(10, TimeUnit.SECONDS), "the last piece is followed by FIN");
        assertEquals(0, reader.waiting());
        waitFor(() -> torrent.pieceEvents().listeners() == 0, "the subscription is gone from the torrent");
    }

    @Test
    void haveOnATorrentThatNeverChangesIsTheBitfieldAndFin() throws Exception {
        ChangingTorrent fixed = new ChangingTorrent("fixed", 3 * 16384L, 16384, false);
        fixed.verify(2);
        ChangingTorrent complete = new ChangingTorrent("complete", 3 * 16384L, 16384, true);
        complete.verifyAll();
        NodeConnection connection = serve(ServerLimits.defaults(), QuicSettings.defaults(), fixed, complete);

        LineReader reader = subscribe(connection, fixed.infoHash().hex(), true);
        assertEquals(new BitfieldResponse(fixed.infoHash().hex(), 3, "IA=="), reader.next());
        assertNull(reader.ended.get(10, TimeUnit.SECONDS));
        reader = subscribe(connection, complete.infoHash().hex(), true);
        assertEquals(new BitfieldResponse(complete.infoHash().hex(), 3, "4A=="), reader.next());
        assertNull(reader.ended.get(10, TimeUnit.SECONDS), "a node with every piece has nothing more to say");
        assertEquals(0, complete.pieceEvents().listeners());
    }

    @Test
    void subscriptionsPerConnectionAreLimited() throws Exception {
        ChangingTorrent torrent = new ChangingTorrent("many", 3 * 16384L, 16384, true);
        NodeConnection connection = serve(ServerLimits.defaults(), QuicSettings.defaults(), torrent);
        String hash = torrent.infoHash().hex();
        List<LineReader> readers = new ArrayList<>();
        for (int i = 0; i < HaveSubscription.MAX_PER_CONNECTION; i++) {
            readers.add(subscribe(connection, hash, true));
            assertInstanceOf(BitfieldResponse.class, readers.get(i).next());
        }
        Response refused = connection.exchange(new HaveRequest(hash)).get(10, TimeUnit.SECONDS);
        assertEquals(ErrorCode.TOO_MANY_SUBSCRIPTIONS, assertInstanceOf(ErrorResponse.class, refused).errorCode());

        torrent.verifyAll();
        for (LineReader reader : readers) {
            assertNull(reader.ended.get(10, TimeUnit.SECONDS), "each subscription ends with FIN");
        }
        // The ended subscriptions no longer count.
        LineReader again = subscribe(connection, hash, true);
        assertEquals(new BitfieldResponse(hash, 3, "4A=="), again.next());
    }

    /**
     * A subscriber that takes no bytes: lines fill its flow-control window, then the node's bounded queue, then the
     * node resets the stream and drops the subscription rather than hold more lines.
     */
    @Test
    void aSubscriberThatNeverReadsIsResetInsteadOfBuffered() throws Exception {
        int pieces = 8 * HaveSubscription.MAX_QUEUED_LINES;
        ChangingTorrent torrent = new ChangingTorrent("flood", (long) pieces * 16384, 16384, true);
        QuicSettings smallWindow = withWindows(QuicSettings.defaults(), 16 * 1024);
        NodeConnection connection = serve(ServerLimits.defaults(), smallWindow, torrent);
        String hash = torrent.infoHash().hex();

        LineReader reader = subscribe(connection, hash, false);
        waitFor(() -> torrent.pieceEvents().listeners() == 1, "the node subscribes");
        // Pieces verified before the node takes its bitfield are in it, not sent as lines: start after it.
        waitFor(() -> torrent.snapshots() == 1, "the node takes the bitfield");
        for (int i = 0; i < pieces - 1; i++) {
            torrent.verify(i);
        }
        waitFor(() -> torrent.pieceEvents().listeners() == 0, "the node drops the subscription");

        reader.resume();
        Throwable end = reader.ended.get(20, TimeUnit.SECONDS);
        QuicStreamResetException reset = assertInstanceOf(QuicStreamResetException.class, end);
        assertEquals(HaveSubscription.OVERFLOW_ERROR_CODE, reset.applicationProtocolCode());
        assertTrue(reader.waiting() < pieces - 1, "lines were dropped, not all held: " + reader.waiting());
    }

    static QuicSettings withWindows(QuicSettings s, long streamWindow) {
        return new QuicSettings(s.idleTimeout(), s.maxRequestBytes(), s.maxResponseHeaderBytes(), s.requestTimeout(),
                s.maxStreams(), 8 * streamWindow, streamWindow, s.udpPayload(), s.maxUdpPayload());
    }

    static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }
}
