package dev.qtorrent.peer.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ErrorResponse;
import dev.qtorrent.common.message.MetainfoRequest;
import dev.qtorrent.common.message.MetainfoResponse;
import dev.qtorrent.common.message.PieceRequest;
import dev.qtorrent.common.message.PieceResponse;
import dev.qtorrent.common.message.ProtocolException;
import dev.qtorrent.common.message.Response;
import dev.qtorrent.common.metainfo.FileEntry;
import dev.qtorrent.common.metainfo.InfoHash;
import dev.qtorrent.common.quic.Answer;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.storage.StorageLayout;
import dev.qtorrent.common.tls.PinningTrustManager;
import dev.qtorrent.common.tls.NodeIdentity;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A node serving from its own {@link PieceSource}, with no tracker anywhere, over real QUIC on loopback: pieces and
 * metainfo come from the source, a request type the program registered reaches its handler, and one nobody
 * registered is refused.
 */
@Timeout(30)
class NodeServerLoopbackTest {
    private static final byte[] DATA = "Hello, world!".getBytes(StandardCharsets.US_ASCII);
    private static final int PIECE = 5;
    private static final byte[] INFO = "d4:name5:helloe".getBytes(StandardCharsets.US_ASCII);

    private final InMemoryTorrent torrent = new InMemoryTorrent();
    private final String hash = torrent.infoHash().hex();
    private NodeServer server;
    private NodeConnection connection;

    @BeforeEach
    void start() throws Exception {
        NodeIdentity identity = NodeIdentity.generate("127.0.0.1");
        server = new NodeServer("peer", QuicSettings.defaults(), ServerLimits.defaults(), identity,
                ResetSecret.random(), infoHash -> infoHash.equals(hash) ? Optional.of(torrent) : Optional.empty(),
                new RequestHandlers().on(AnnounceRequest.class, (ctx, request) -> {
                    throw new ProtocolException(ErrorCode.INVALID_REQUEST, "announce reached the program's handler");
                }));
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
    void piecesComeFromTheSource() throws Exception {
        for (int index = 0; index < 2; index++) {
            Answer answer = connection.exchange(new PieceRequest(hash, index), PIECE).get(10, TimeUnit.SECONDS);
            int length = Math.min(PIECE, DATA.length - index * PIECE);
            assertEquals(new PieceResponse(hash, index, length), answer.header());
            assertArrayEquals(Arrays.copyOfRange(DATA, index * PIECE, index * PIECE + length), answer.payload());
        }
        assertEquals(2, torrent.served.get());
    }

    /** The source knows the torrent but not its last piece: the index is checked first, then the piece refused. */
    @Test
    void aPieceTheSourceLacksIsNotAvailable() throws Exception {
        ErrorResponse error = refusal(new PieceRequest(hash, 2));
        assertEquals(ErrorCode.PIECE_NOT_AVAILABLE, error.errorCode());
        assertEquals("piece 2 is not available here: not verified yet", error.error());
        assertEquals(ErrorCode.PIECE_OUT_OF_RANGE, refusal(new PieceRequest(hash, 3)).errorCode());
        assertEquals(0, torrent.served.get());
    }

    @Test
    void metainfoIsTheSourcesInfoBytes() throws Exception {
        Answer answer = connection.exchange(new MetainfoRequest(hash), INFO.length).get(10, TimeUnit.SECONDS);
        assertEquals(new MetainfoResponse(hash, INFO.length), answer.header());
        assertArrayEquals(INFO, answer.payload());
    }

    @Test
    void aTorrentTheSourceLacksIsUnknownOnThisNode() throws Exception {
        ErrorResponse error = refusal(new PieceRequest("00".repeat(20), 0));
        assertEquals(ErrorCode.UNKNOWN_INFO_HASH, error.errorCode());
        assertTrue(error.error().endsWith("on this peer"), error.error());
        assertEquals(ErrorCode.PIECE_OUT_OF_RANGE, refusal(new PieceRequest(hash, 3)).errorCode());
    }

    @Test
    void registeredTypesReachTheirHandlerAndOthersAreUnknown() throws Exception {
        AnnounceRequest announce = new AnnounceRequest(hash, "peer-1", 6881, 0, 0, DATA.length,
                AnnounceRequest.Event.STARTED);
        assertEquals("announce reached the program's handler", refusal(announce).error());

        try (NodeServer bare = new NodeServer("peer", QuicSettings.defaults(), ServerLimits.defaults(),
                NodeIdentity.generate("127.0.0.1"), ResetSecret.random(), infoHash -> Optional.empty(),
                new RequestHandlers()).start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             NodeConnection plain = NodeConnection.connect("peer", bare.address(), PinningTrustManager.insecure(),
                     QuicSettings.defaults(), Duration.ofSeconds(5))) {
            Response answer = plain.exchange(announce).get(10, TimeUnit.SECONDS);
            assertEquals(ErrorCode.UNKNOWN_TYPE, assertInstanceOf(ErrorResponse.class, answer).errorCode());
        }
    }

    @Test
    void oneRequestTypeHasOneHandler() {
        RequestHandler<PieceRequest> handler = (ctx, request) -> { };
        RequestHandlers handlers = new RequestHandlers().on(PieceRequest.class, handler);
        assertThrows(IllegalArgumentException.class, () -> handlers.on(PieceRequest.class, handler));
    }

    private ErrorResponse refusal(dev.qtorrent.common.message.Request request) throws Exception {
        return assertInstanceOf(ErrorResponse.class, connection.exchange(request).get(10, TimeUnit.SECONDS));
    }

    /** A torrent held in memory, its last piece missing: a source that is not a seed folder. */
    private static final class InMemoryTorrent implements ServedTorrent {
        private final StorageLayout layout = new StorageLayout(List.of(new FileEntry(List.of("hello"), DATA.length)),
                PIECE);
        private final AtomicInteger served = new AtomicInteger();

        @Override
        public InfoHash infoHash() {
            return InfoHash.of(INFO);
        }

        @Override
        public String name() {
            return "hello";
        }

        @Override
        public StorageLayout layout() {
            return layout;
        }

        @Override
        public byte[] infoBytes() {
            return INFO.clone();
        }

        @Override
        public Optional<String> unavailable(int index) {
            return index == 2 ? Optional.of("not verified yet") : Optional.empty();
        }

        @Override
        public int read(long torrentOffset, ByteBuffer target) {
            int length = (int) Math.min(target.remaining(), DATA.length - torrentOffset);
            if (length <= 0) {
                return -1;
            }
            target.put(DATA, (int) torrentOffset, length);
            return length;
        }

        @Override
        public void pieceServed(int index) {
            served.incrementAndGet();
        }
    }
}
