package dev.qtorrent.tracker.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceRequest.Event;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ErrorResponse;
import dev.qtorrent.common.message.PieceRequest;
import dev.qtorrent.common.message.PieceResponse;
import dev.qtorrent.common.quic.Answer;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.tracker.TestTracker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tracker, as a swarm's origin, sends a piece to one peer of the swarm at a time, over real QUIC on loopback:
 * another peer that serves the swarm and asks for the same piece meanwhile is told to ask later, for that piece
 * alone; a node that serves nobody, and the first recipient itself (on any connection with its certificate), get it
 * at once.
 */
@Timeout(30)
class OneCopyAtATimeTest {
    private static final int SIZE = 3 * 262_144 + 1000;

    @TempDir
    Path dir;

    private final NodeIdentity first = NodeIdentity.generate(NodeIdentity.Role.PEER, null);
    private final NodeIdentity second = NodeIdentity.generate(NodeIdentity.Role.PEER, null);
    private final NodeIdentity quiet = NodeIdentity.generate(NodeIdentity.Role.PEER, null);
    private byte[] data;
    private TestTracker tracker;
    private String hash;
    private int pieceLength;

    @BeforeEach
    void start() throws Exception {
        Path seed = Files.createDirectories(dir.resolve("seed"));
        data = new byte[SIZE];
        new SplittableRandom(4).nextBytes(data);
        Files.write(seed.resolve("swarm.bin"), data);
        tracker = TestTracker.start(seed);
        hash = tracker.torrent("swarm.bin").infoHash().hex();
        pieceLength = (int) tracker.torrent("swarm.bin").layout().pieceLength();
    }

    @AfterEach
    void stop() {
        tracker.close();
    }

    @Test
    void aPieceOnItsWayToOnePeerIsRefusedToAnotherForThatPieceAlone() throws Exception {
        try (NodeConnection one = tracker.connect(first); NodeConnection two = tracker.connect(second);
             NodeConnection three = tracker.connect(quiet)) {
            announce(one, "-QT0100-first0000000", 6881);
            announce(two, "-QT0100-second000000", 6882);
            // Port 0: it serves nobody, so nobody could pass it a piece the origin sent another.
            announce(three, "-QT0100-quiet0000000", 0);

            assertPiece(0, one);
            ErrorResponse refused = assertInstanceOf(ErrorResponse.class, piece(two, 0).header());
            assertEquals(ErrorCode.BUSY, refused.errorCode(), refused.error());
            assertTrue(refused.pieceOnly(), "only that piece is refused: " + refused);
            assertTrue(refused.retryAfterMs() > 0 && refused.retryAfterMs() <= 2000, refused.toString());

            assertPiece(1, two);
            assertPiece(0, three);
            assertPiece(0, one);
            try (NodeConnection again = tracker.connect(first)) {
                assertPiece(0, again);
            }
        }
    }

    @Test
    void aRecipientThatLeftHoldsNobodyBack() throws Exception {
        try (NodeConnection two = tracker.connect(second)) {
            announce(two, "-QT0100-second000000", 6882);
            long deadline;
            try (NodeConnection one = tracker.connect(first)) {
                announce(one, "-QT0100-first0000000", 6881);
                // Well inside the hold (2 s from the start of the first copy), so only the leaving can end it.
                deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
                assertPiece(2, one);
            }
            Answer answer = piece(two, 2);
            // The close reaches the tracker a moment after the client returns from it.
            while (answer.header() instanceof ErrorResponse && System.nanoTime() < deadline) {
                Thread.sleep(20);
                answer = piece(two, 2);
            }
            assertInstanceOf(PieceResponse.class, answer.header(), answer.header().toString());
        }
    }

    private void announce(NodeConnection connection, String peerId, int port) throws Exception {
        assertInstanceOf(AnnounceResponse.class, connection.exchange(new AnnounceRequest(hash, peerId, port, 0, 0,
                SIZE, Event.STARTED)).get(10, TimeUnit.SECONDS));
    }

    private Answer piece(NodeConnection connection, int index) throws Exception {
        return connection.exchange(new PieceRequest(hash, index), 1 << 20).get(10, TimeUnit.SECONDS);
    }

    private void assertPiece(int index, NodeConnection connection) throws Exception {
        Answer answer = piece(connection, index);
        assertInstanceOf(PieceResponse.class, answer.header(), answer.header().toString());
        int from = index * pieceLength;
        assertArrayEquals(Arrays.copyOfRange(data, from, Math.min(SIZE, from + pieceLength)), answer.payload());
    }
}
