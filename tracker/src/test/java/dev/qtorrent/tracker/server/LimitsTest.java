package dev.qtorrent.tracker.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.PieceRequest;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.quic.NodeUnreachableException;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.peer.serve.ServerLimits;
import dev.qtorrent.tracker.TestTracker;
import dev.qtorrent.tracker.seed.SeededTorrent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Each tracker limit, configured small, holds against a real client over loopback QUIC. */
@Timeout(60)
class LimitsTest {
    private static final MessageCodec CODEC = new MessageCodec();

    @TempDir
    Path seed;

    private static AnnounceRequest announce(SeededTorrent torrent) {
        return new AnnounceRequest(torrent.infoHash().hex(), "-QT0100-limitstest00", 0, 0, 0, 1, null);
    }

    private static void assertServed(NodeConnection connection, SeededTorrent torrent) throws Exception {
        assertInstanceOf(AnnounceResponse.class, connection.exchange(announce(torrent)).get(10, TimeUnit.SECONDS));
    }

    /**
     * A new connection to {@code tracker} is refused: the tracker closes it with 0x101 as soon as it is counted, which
     * the client hears either while its handshake is still under way or at its first request.
     */
    private static void assertConnectionRefused(TestTracker tracker, SeededTorrent torrent) throws Exception {
        NodeConnection connection;
        try {
            connection = tracker.connect();
        } catch (NodeUnreachableException duringHandshake) {
            assertTrue(duringHandshake.getMessage().contains("0x101"), duringHandshake.getMessage());
            return;
        }
        try (connection) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> connection.exchange(announce(torrent)).get(10, TimeUnit.SECONDS));
            assertFalse(connection.isActive(), "the refused connection is closed: " + e.getCause());
        }
    }

    @Test
    void connectionsPerAddressAreLimited() throws Exception {
        try (TestTracker tracker = TestTracker.start(seed, QuicSettings.defaults(),
                new ServerLimits(100, 2, 1 << 20))) {
            SeededTorrent torrent = tracker.torrent("hello_world.txt");
            NodeConnection first = tracker.connect();
            NodeConnection second = tracker.connect();
            assertServed(first, torrent);
            assertServed(second, torrent);
            assertConnectionRefused(tracker, torrent);
            assertEquals(1, tracker.stats().refusedConnections());
            assertServed(first, torrent);

            second.close();
            waitFor(() -> tracker.stats().connections() == 1);
            try (NodeConnection again = tracker.connect()) {
                assertServed(again, torrent);
            }
            first.close();
        }
    }

    /**
     * Only live connections count against the per-address limit: one the client closed is let go at once, not when
     * QUIC's draining period ends, so clients behind one NAT address that reconnect often are not refused early.
     */
    @Test
    void closedConnectionsStopCountingAtOnce() throws Exception {
        int limit = 4;
        try (TestTracker tracker = TestTracker.start(seed, QuicSettings.defaults(),
                new ServerLimits(100, limit, 1 << 20))) {
            SeededTorrent torrent = tracker.torrent("hello_world.txt");
            // Rounds of the full limit, each opened right after the last one closed: far sooner than draining
            // periods end (tens of milliseconds even on loopback).
            for (int round = 0; round < 5; round++) {
                List<NodeConnection> open = new ArrayList<>();
                try {
                    for (int i = 0; i < limit; i++) {
                        open.add(tracker.connect());
                        assertServed(open.get(i), torrent);
                    }
                } finally {
                    open.forEach(NodeConnection::close);
                }
            }
            assertEquals(0, tracker.stats().refusedConnections(), "a connection closed by its client was counted");

            List<NodeConnection> held = new ArrayList<>();
            try {
                for (int i = 0; i < limit; i++) {
                    held.add(tracker.connect());
                    assertServed(held.get(i), torrent);
                }
                assertConnectionRefused(tracker, torrent);
                assertEquals(1, tracker.stats().refusedConnections());
                assertEquals(limit, tracker.stats().connections(), "every open connection counts, and once");
            } finally {
                held.forEach(NodeConnection::close);
            }
            waitFor(() -> tracker.stats().connections() == 0);
        }
    }

    @Test
    void connectionsInTotalAreLimited() throws Exception {
        try (TestTracker tracker = TestTracker.start(seed, QuicSettings.defaults(),
                new ServerLimits(3, 100, 1 << 20))) {
            SeededTorrent torrent = tracker.torrent("hello_world.txt");
            List<NodeConnection> open = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                open.add(tracker.connect());
                assertServed(open.get(i), torrent);
            }
            assertConnectionRefused(tracker, torrent);
            assertEquals(3, tracker.stats().connections());
            open.forEach(NodeConnection::close);
        }
    }

    @Test
    void pieceBytesInFlightPerConnectionStayWithinTheBudget() throws Exception {
        byte[] data = new byte[40 * 65_536];
        new Random(5).nextBytes(data);
        Files.write(seed.resolve("data.bin"), data);
        int budget = 64 * 1024;
        try (TestTracker tracker = TestTracker.start(seed, QuicSettings.defaults(),
                new ServerLimits(100, 100, budget));
             NodeConnection connection = tracker.connect()) {
            SeededTorrent torrent = tracker.torrent("data.bin");
            int pieces = torrent.layout().pieceCount();
            List<CompletableFuture<byte[]>> answers = new ArrayList<>();
            // Every piece at once, several times over: far more than the budget allows in flight.
            for (int round = 0; round < 3; round++) {
                for (int index = 0; index < pieces; index++) {
                    answers.add(connection.exchangeRaw(
                            CODEC.encodeRequest(new PieceRequest(torrent.infoHash().hex(), index)), true, 1 << 20));
                }
            }
            for (int i = 0; i < answers.size(); i++) {
                byte[] answer = answers.get(i).get(30, TimeUnit.SECONDS);
                int index = i % pieces;
                int header = indexOf(answer, (byte) '\n') + 1;
                long offset = torrent.layout().pieceOffset(index);
                assertArrayEquals(Arrays.copyOfRange(data, (int) offset, (int) (offset
                        + torrent.layout().pieceSize(index))), Arrays.copyOfRange(answer, header, answer.length));
            }
            long peak = tracker.stats().peakPieceBytesInFlight();
            assertTrue(peak > 0 && peak <= budget, "peak " + peak + " within " + budget);
        }
    }

    @Test
    void idleConnectionsAreClosed() throws Exception {
        QuicSettings shortIdle = QuicSettings.defaults().withIdleTimeout(Duration.ofMillis(500));
        try (TestTracker tracker = TestTracker.start(seed, shortIdle, ServerLimits.defaults());
             NodeConnection connection = tracker.connect()) {
            assertServed(connection, tracker.torrent("hello_world.txt"));
            long start = System.nanoTime();
            waitFor(() -> !connection.isActive());
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 5_000, "closed after " + millis + " ms");
            waitFor(() -> tracker.stats().connections() == 0);
        }
    }

    private static int indexOf(byte[] bytes, byte value) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met in time");
            Thread.sleep(20);
        }
    }
}
