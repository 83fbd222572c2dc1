package dev.qtorrent.peer.serve;

import static dev.qtorrent.peer.serve.PeerMessagesLoopbackTest.waitFor;
import static dev.qtorrent.peer.serve.PeerMessagesLoopbackTest.withWindows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ErrorResponse;
import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.PieceRequest;
import dev.qtorrent.common.message.PieceResponse;
import dev.qtorrent.common.message.Response;
import dev.qtorrent.common.quic.Answer;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.common.tls.PinningTrustManager;
import io.netty.handler.codec.quic.QuicStreamChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Upload slots and cancelled pieces over real QUIC on loopback: a piece over the slots is answered {@code busy} and
 * served once a slot frees; a piece the receiver cancels with STOP_SENDING stops being read and sent, and gives back
 * its slot and its share of the in-flight budget, whether it was cancelled while blocked or while flowing; and peers
 * that wait as {@code busy} tells them get their turns beside peers that ask again at once.
 */
@Timeout(60)
class UploadSlotsLoopbackTest {
    private static final int MIB = 1 << 20;

    private final MessageCodec codec = new MessageCodec();
    private final List<AutoCloseable> open = new ArrayList<>();
    private NodeServer server;
    private NodeIdentity identity;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private void serve(ServerLimits limits, ChangingTorrent torrent) throws Exception {
        serve(QuicSettings.defaults(), limits, torrent);
    }

    private void serve(QuicSettings settings, ServerLimits limits, ChangingTorrent torrent) throws Exception {
        identity = NodeIdentity.generate("127.0.0.1");
        String hash = torrent.infoHash().hex();
        server = new NodeServer("peer", settings, limits, identity, ResetSecret.random(),
                h -> h.equals(hash) ? Optional.of(torrent) : Optional.empty(), new RequestHandlers());
        open.add(server);
        server.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    private NodeConnection connect(long streamWindow) throws Exception {
        NodeConnection connection = NodeConnection.connect("peer", server.address(),
                PinningTrustManager.pinned(identity.fingerprint()), withWindows(QuicSettings.defaults(), streamWindow),
                Duration.ofSeconds(5));
        open.add(connection);
        return connection;
    }

    /** Asks for a piece on a stream that reads nothing, so its answer stays in progress and holds its slot. */
    private QuicStreamChannel stall(NodeConnection connection, String hash, int index) throws Exception {
        QuicStreamChannel stream = connection.send(codec.encodeRequest(new PieceRequest(hash, index)), true,
                new PieceReader(Long.MAX_VALUE)).get(10, TimeUnit.SECONDS);
        stream.config().setAutoRead(false);
        return stream;
    }

    /** Asks for a piece until it is served, waiting as each {@code busy} answer says. */
    private Answer fetchHonouringBusy(NodeConnection connection, PieceRequest request, int size) throws Exception {
        for (int attempt = 0; attempt < 100; attempt++) {
            Answer answer = connection.exchange(request, size).get(20, TimeUnit.SECONDS);
            if (!(answer.header() instanceof ErrorResponse error) || error.errorCode() != ErrorCode.BUSY) {
                return answer;
            }
            Thread.sleep(error.retryAfterMs());
        }
        throw new AssertionError("still busy after 100 attempts");
    }

    @Test
    void busyWhenTheSlotsAreFullThenServedAfterOneFrees() throws Exception {
        ChangingTorrent torrent = new ChangingTorrent("big", 2L * 4 * MIB, 4 * MIB, true);
        torrent.verifyAll();
        serve(ServerLimits.defaults().withUploadSlots(1, 2), torrent);
        String hash = torrent.infoHash().hex();
        NodeConnection first = connect(64 * 1024);
        NodeConnection second = connect(64 * 1024);
        NodeConnection third = connect(64 * 1024);

        QuicStreamChannel stalled = stall(first, hash, 0);
        waitFor(() -> torrent.bytesRead(0) > 0, "the first piece is being sent");
        Response refused = first.exchange(new PieceRequest(hash, 1)).get(10, TimeUnit.SECONDS);
        ErrorResponse busy = assertInstanceOf(ErrorResponse.class, refused);
        assertEquals(ErrorCode.BUSY, busy.errorCode());
        assertEquals(UploadSlots.RETRY_AFTER.toMillis(), busy.retryAfterMs());
        assertTrue(busy.error().contains("this connection"), busy.error());

        stall(second, hash, 1);
        waitFor(() -> torrent.bytesRead(1) > 0, "the second connection's piece is being sent");
        busy = assertInstanceOf(ErrorResponse.class, third.exchange(new PieceRequest(hash, 0))
                .get(10, TimeUnit.SECONDS));
        assertEquals(ErrorCode.BUSY, busy.errorCode());
        assertTrue(busy.error().contains("this node"), busy.error());

        // The first connection gives up its piece: its slot frees, and the third connection is served.
        stalled.shutdownInput(PieceReader.CANCEL_CODE);
        Answer served = fetchHonouringBusy(third, new PieceRequest(hash, 0), 4 * MIB);
        assertEquals(new PieceResponse(hash, 0, 4 * MIB), served.header());
        assertEquals(4 * MIB, served.payload().length);
        assertEquals(42 % 251, served.payload()[42]);
        // A piece sent in full gives its slot back too: the third connection, allowed one at a time, gets another.
        Answer again = fetchHonouringBusy(third, new PieceRequest(hash, 1), 4 * MIB);
        assertEquals(new PieceResponse(hash, 1, 4 * MIB), again.header());
    }

    @Test
    void aCancelledPieceStopsItsSenderAndGivesBackItsBudgetAndSlot() throws Exception {
        int piece = 16 * MIB;
        ChangingTorrent torrent = new ChangingTorrent("cancel", 2L * piece, piece, true);
        torrent.verifyAll();
        // One slot and the smallest budget: a cancelled piece that kept either would block the next one for good.
        // QUIC does not always report the cancel; then the stall timeout (the idle timeout, short here) ends it.
        serve(QuicSettings.defaults().withIdleTimeout(Duration.ofSeconds(3)), new ServerLimits(16, 16, 128 * 1024, 1,
                4), torrent);
        String hash = torrent.infoHash().hex();
        NodeConnection connection = connect(256 * 1024);

        PieceReader reader = new PieceReader(MIB);
        connection.send(codec.encodeRequest(new PieceRequest(hash, 0)), true, reader);
        long received = reader.done.get(20, TimeUnit.SECONDS);
        assertTrue(received >= MIB && received < piece, "cancelled after " + received + " bytes");

        Answer next = fetchHonouringBusy(connection, new PieceRequest(hash, 1), piece);
        assertEquals(new PieceResponse(hash, 1, piece), next.header());
        assertEquals(piece, next.payload().length);
        // Read at most: what the receiver took, its flow-control window, the budget, and a chunk being read.
        long read = torrent.bytesRead(0);
        assertTrue(read < 4 * MIB, "the cancelled piece was read on: " + read + " of " + piece + " bytes");
    }

    /**
     * Two eager connections ask again 1 ms after each refusal, and at once after each piece; three patient ones wait
     * the retry-after they are told. Without turns the eager ones take nearly every freed slot (each tens of times
     * what a patient one gets); with them every connection is served in turn. The bounds are loose: a few turns
     * each, and each at least a quarter of the turns of the connection served most.
     */
    @Test
    void peersThatWaitAsToldGetTurnsBesidePeersThatAskAgainAtOnce() throws Exception {
        ChangingTorrent torrent = new ChangingTorrent("turns", 16L * MIB, MIB, true);
        torrent.verifyAll();
        serve(ServerLimits.defaults().withUploadSlots(1, 2), torrent);
        String hash = torrent.infoHash().hex();
        int eager = 2;
        int patient = 3;
        List<NodeConnection> connections = new ArrayList<>();
        for (int i = 0; i < eager + patient; i++) {
            connections.add(connect(8 * MIB));
        }
        AtomicIntegerArray turns = new AtomicIntegerArray(connections.size());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        ExecutorService competitors = Executors.newFixedThreadPool(connections.size());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < connections.size(); i++) {
                int who = i;
                boolean isEager = i < eager;
                running.add(competitors.submit(() -> {
                    compete(connections.get(who), hash, isEager, end, turns, who);
                    return null;
                }));
            }
            for (Future<?> competitor : running) {
                competitor.get(30, TimeUnit.SECONDS);
            }
        } finally {
            competitors.shutdownNow();
        }
        int most = 0;
        for (int i = 0; i < connections.size(); i++) {
            most = Math.max(most, turns.get(i));
        }
        for (int i = 0; i < connections.size(); i++) {
            assertTrue(turns.get(i) >= 3 && turns.get(i) * 4 >= most, (i < eager ? "eager" : "patient")
                    + " connection " + i + " was served " + turns.get(i) + " times; all: " + turns);
        }
    }

    /** Asks for piece after piece until {@code end}, counting the pieces served to connection {@code who}. */
    private void compete(NodeConnection connection, String hash, boolean eager, long end, AtomicIntegerArray turns,
                         int who) throws Exception {
        for (int index = who; System.nanoTime() - end < 0; ) {
            Answer answer = connection.exchange(new PieceRequest(hash, index % 16), MIB).get(20, TimeUnit.SECONDS);
            if (answer.header() instanceof ErrorResponse error) {
                assertEquals(ErrorCode.BUSY, error.errorCode(), error.error());
                Thread.sleep(eager ? 1 : error.retryAfterMs());
                continue;
            }
            assertEquals(new PieceResponse(hash, index % 16, MIB), answer.header());
            assertEquals(MIB, answer.payload().length);
            turns.incrementAndGet(who);
            index++;
        }
    }
}
