package dev.qtorrent.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceRequest.Event;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.AnnounceResponse.Peer;
import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ErrorResponse;
import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.Response;
import dev.qtorrent.common.message.SwarmChangeResponse;
import dev.qtorrent.common.message.SwarmChangeResponse.Change;
import dev.qtorrent.common.message.WatchRequest;
import dev.qtorrent.common.message.WatchResponse;
import dev.qtorrent.common.quic.LineReader;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.tracker.TestTracker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code watch} over real QUIC on loopback: a peer of a swarm hears of every peer that starts or stops serving it, as
 * it happens, and only a peer of the swarm may watch.
 */
@Timeout(30)
class WatchTest {
    @TempDir
    Path dir;

    private final MessageCodec codec = new MessageCodec();
    private final NodeIdentity watcher = NodeIdentity.generate(NodeIdentity.Role.PEER, null);
    private final NodeIdentity newcomer = NodeIdentity.generate(NodeIdentity.Role.PEER, null);
    private TestTracker tracker;
    private String hash;

    @BeforeEach
    void start() throws Exception {
        Path seed = Files.createDirectories(dir.resolve("seed"));
        Files.writeString(seed.resolve("a.txt"), "a torrent");
        tracker = TestTracker.start(seed);
        hash = tracker.torrent("a.txt").infoHash().hex();
    }

    @AfterEach
    void stop() {
        tracker.close();
    }

    @Test
    void aWatcherHearsOfPeersJoiningAndLeaving() throws Exception {
        try (NodeConnection watching = tracker.connect(watcher); NodeConnection other = tracker.connect(newcomer)) {
            announce(watching, new AnnounceRequest(hash, "-QT0100-watcher00000", 6881, 0, 0, 9, Event.STARTED));
            LineReader lines = watch(watching);
            assertEquals(new WatchResponse(hash), lines.next());

            announce(other, new AnnounceRequest(hash, "-QT0100-newcomer0000", 6882, 0, 0, 9, Event.STARTED));
            Peer peer = new Peer("-QT0100-newcomer0000", "127.0.0.1", 6882, newcomer.fingerprint().hex());
            assertEquals(new SwarmChangeResponse(hash, Change.JOINED, peer, false), lines.next());

            // Announcing again as before changes nothing the watcher needs to hear of.
            announce(other, new AnnounceRequest(hash, "-QT0100-newcomer0000", 6882, 9, 0, 0, Event.COMPLETED));
            announce(other, new AnnounceRequest(hash, "-QT0100-newcomer0000", 6882, 9, 0, 0, Event.STOPPED));
            assertEquals(new SwarmChangeResponse(hash, Change.LEFT, peer, true), lines.next());

            // A peer that serves nobody (port 0) is never handed out, so it neither joins nor leaves; the watcher's
            // own entries are its own business.
            announce(other, new AnnounceRequest(hash, "-QT0100-newcomer0000", 0, 0, 0, 9, Event.STARTED));
            announce(watching, new AnnounceRequest(hash, "-QT0100-watcher00001", 6883, 0, 0, 9, Event.STARTED));
            announce(other, new AnnounceRequest(hash, "-QT0100-newcomer0001", 6884, 0, 0, 9, Event.STARTED));
            assertEquals(Change.JOINED, assertInstanceOf(SwarmChangeResponse.class, lines.next()).change());
            assertEquals(0, lines.waiting());
            assertNull(lines.ended.getNow(null), "the watch stays open");
        }
    }

    @Test
    void onlyAPeerOfTheSwarmMayWatchIt() throws Exception {
        try (NodeConnection outsider = tracker.connect(newcomer)) {
            LineReader lines = watch(outsider);
            ErrorResponse refused = assertInstanceOf(ErrorResponse.class, lines.next());
            assertEquals(ErrorCode.NOT_LISTED, refused.errorCode(), refused.error());
            assertTrue(refused.error().contains(newcomer.fingerprint().hex()), refused.error());
        }
        try (NodeConnection anonymous = tracker.connect(null)) {
            ErrorResponse refused = assertInstanceOf(ErrorResponse.class, watch(anonymous).next());
            assertEquals(ErrorCode.CERTIFICATE_REQUIRED, refused.errorCode(), refused.error());
        }
    }

    @Test
    void anUnknownTorrentCannotBeWatched() throws Exception {
        try (NodeConnection watching = tracker.connect(watcher)) {
            ErrorResponse refused = assertInstanceOf(ErrorResponse.class,
                    watch(watching, "0".repeat(40)).next());
            assertEquals(ErrorCode.UNKNOWN_INFO_HASH, refused.errorCode(), refused.error());
        }
    }

    private LineReader watch(NodeConnection connection) throws Exception {
        return watch(connection, hash);
    }

    private LineReader watch(NodeConnection connection, String infoHash) throws Exception {
        LineReader reader = new LineReader();
        connection.send(codec.encodeRequest(new WatchRequest(infoHash)), true, reader).get(10, TimeUnit.SECONDS);
        return reader;
    }

    private static void announce(NodeConnection connection, AnnounceRequest request) throws Exception {
        Response answer = connection.exchange(request).get(10, TimeUnit.SECONDS);
        assertInstanceOf(AnnounceResponse.class, answer, answer.toString());
    }
}
