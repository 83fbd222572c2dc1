package dev.qtorrent.peer.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.qtorrent.common.message.BitfieldRequest;
import dev.qtorrent.common.message.BitfieldResponse;
import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ErrorResponse;
import dev.qtorrent.common.message.PieceRequest;
import dev.qtorrent.common.message.PieceResponse;
import dev.qtorrent.common.message.ProtocolException;
import dev.qtorrent.common.message.Response;
import dev.qtorrent.common.quic.Answer;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.common.tls.PinningTrustManager;
import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A source that decides later whether to serve an asker, as a node asking a tracker about a peer does, over real QUIC
 * on loopback: the request waits for the decision while the node answers other streams, and is then served or
 * refused as if the source had decided at once.
 */
@Timeout(30)
class DeferredAdmissionLoopbackTest {
    private static final int PIECE = 1024;

    private final ChangingTorrent torrent = new ChangingTorrent("deferred", 3L * PIECE, PIECE, false);
    private final String hash = torrent.infoHash().hex();
    /** One undecided admission per request, in the order the requests reached the source. */
    private final BlockingQueue<CompletableFuture<Optional<? extends ServedTorrent>>> undecided =
            new LinkedBlockingQueue<>();
    private NodeServer server;
    private NodeConnection connection;

    @BeforeEach
    void start() throws Exception {
        torrent.verifyAll();
        PieceSource deferring = new PieceSource() {
            @Override
            public Optional<? extends ServedTorrent> find(String infoHash) {
                return infoHash.equals(hash) ? Optional.of(torrent) : Optional.empty();
            }

            @Override
            public CompletionStage<Optional<? extends ServedTorrent>> admit(String infoHash, Channel stream) {
                CompletableFuture<Optional<? extends ServedTorrent>> decision = new CompletableFuture<>();
                undecided.add(decision);
                return decision;
            }
        };
        NodeIdentity identity = NodeIdentity.generate("127.0.0.1");
        server = new NodeServer("peer", QuicSettings.defaults(), ServerLimits.defaults(), identity,
                ResetSecret.random(), deferring, new RequestHandlers());
        server.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        connection = NodeConnection.connect("peer", server.address(),
                PinningTrustManager.pinned(identity.fingerprint()), QuicSettings.defaults(), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        if (connection != null) {
            connection.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aRequestWaitsForItsDecisionWhileOthersAreAnswered() throws Exception {
        CompletableFuture<Answer> first = connection.exchange(new PieceRequest(hash, 0), PIECE);
        CompletableFuture<Optional<? extends ServedTorrent>> firstDecision = next();
        CompletableFuture<Answer> second = connection.exchange(new PieceRequest(hash, 1), PIECE);
        next().complete(Optional.of(torrent));

        Answer answered = second.get(10, TimeUnit.SECONDS);
        assertEquals(new PieceResponse(hash, 1, PIECE), answered.header());
        assertFalse(first.isDone(), "the first request is still waiting for its decision");

        firstDecision.complete(Optional.of(torrent));
        Answer late = first.get(10, TimeUnit.SECONDS);
        assertEquals(new PieceResponse(hash, 0, PIECE), late.header());
        assertArrayEquals(expected(0), late.payload());
        assertEquals(PIECE, torrent.bytesRead(0));
    }

    @Test
    void aLaterRefusalIsAnsweredAsAnImmediateOneWouldBe() throws Exception {
        CompletableFuture<Response> refused = connection.exchange(new PieceRequest(hash, 0));
        next().completeExceptionally(new ProtocolException(ErrorCode.NOT_LISTED, "not in the swarm"));
        ErrorResponse error = assertInstanceOf(ErrorResponse.class, refused.get(10, TimeUnit.SECONDS));
        assertEquals(ErrorCode.NOT_LISTED, error.errorCode());
        assertEquals("not in the swarm", error.error());

        CompletableFuture<Response> unknown = connection.exchange(new BitfieldRequest(hash));
        next().complete(Optional.empty());
        assertEquals(ErrorCode.UNKNOWN_INFO_HASH, assertInstanceOf(ErrorResponse.class,
                unknown.get(10, TimeUnit.SECONDS)).errorCode());

        // Checks after admission still apply.
        CompletableFuture<Response> outOfRange = connection.exchange(new PieceRequest(hash, 7));
        next().complete(Optional.of(torrent));
        assertEquals(ErrorCode.PIECE_OUT_OF_RANGE, assertInstanceOf(ErrorResponse.class,
                outOfRange.get(10, TimeUnit.SECONDS)).errorCode());

        CompletableFuture<Response> failed = connection.exchange(new BitfieldRequest(hash));
        next().completeExceptionally(new IllegalStateException("the source broke"));
        assertEquals(ErrorCode.INTERNAL_ERROR, assertInstanceOf(ErrorResponse.class,
                failed.get(10, TimeUnit.SECONDS)).errorCode());

        CompletableFuture<Response> bitfield = connection.exchange(new BitfieldRequest(hash));
        next().complete(Optional.of(torrent));
        assertInstanceOf(BitfieldResponse.class, bitfield.get(10, TimeUnit.SECONDS));
    }

    private CompletableFuture<Optional<? extends ServedTorrent>> next() throws InterruptedException {
        CompletableFuture<Optional<? extends ServedTorrent>> decision = undecided.poll(10, TimeUnit.SECONDS);
        assertNotNull(decision, "the request never reached the source");
        return decision;
    }

    private static byte[] expected(int piece) {
        byte[] bytes = new byte[PIECE];
        for (int i = 0; i < PIECE; i++) {
            bytes[i] = (byte) ((piece * PIECE + i) % 251);
        }
        return bytes;
    }
}
