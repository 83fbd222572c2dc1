package dev.qtorrent.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceRequest.Event;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ErrorResponse;
import dev.qtorrent.common.message.PeerCheckRequest;
import dev.qtorrent.common.message.PeerCheckResponse;
import dev.qtorrent.common.message.Request;
import dev.qtorrent.common.message.Response;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.tracker.TestTracker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code peer_check} over real QUIC on loopback: a peer of a swarm learns whether another certificate announced in
 * it, and only a peer of that swarm may ask. Certificates are the ones the connections presented in their handshakes.
 */
@Timeout(30)
class PeerCheckTest {
    @TempDir
    Path dir;

    private final NodeIdentity member = NodeIdentity.generate(NodeIdentity.Role.PEER, null);
    private final NodeIdentity quiet = NodeIdentity.generate(NodeIdentity.Role.PEER, null);
    private final NodeIdentity stranger = NodeIdentity.generate(NodeIdentity.Role.PEER, null);
    private TestTracker tracker;
    private String hash;
    private String otherHash;

    @BeforeEach
    void start() throws Exception {
        Path seed = Files.createDirectories(dir.resolve("seed"));
        Files.writeString(seed.resolve("a.txt"), "first torrent", StandardCharsets.US_ASCII);
        Files.writeString(seed.resolve("b.txt"), "second torrent", StandardCharsets.US_ASCII);
        tracker = TestTracker.start(seed);
        hash = tracker.torrent("a.txt").infoHash().hex();
        otherHash = tracker.torrent("b.txt").infoHash().hex();
    }

    @AfterEach
    void stop() {
        tracker.close();
    }

    @Test
    void aMemberLearnsWhoElseIsInTheSwarm() throws Exception {
        try (NodeConnection asker = tracker.connect(member); NodeConnection other = tracker.connect(quiet)) {
            announce(asker, new AnnounceRequest(hash, "-QT0100-member000000", 6881, 0, 0, 13, Event.STARTED));
            // Port 0: never handed out in peer lists, but a peer of the swarm that a private torrent may serve.
            announce(other, new AnnounceRequest(hash, "-QT0100-quiet0000000", 0, 0, 0, 13, Event.STARTED));

            assertEquals(new PeerCheckResponse(hash, fingerprint(quiet), true), check(asker, hash, quiet));
            assertEquals(new PeerCheckResponse(hash, fingerprint(stranger), false), check(asker, hash, stranger));
            assertEquals(new PeerCheckResponse(hash, fingerprint(member), true), check(asker, hash, member));

            announce(other, new AnnounceRequest(hash, "-QT0100-quiet0000000", 0, 0, 0, 13, Event.STOPPED));
            assertEquals(new PeerCheckResponse(hash, fingerprint(quiet), false), check(asker, hash, quiet),
                    "a peer that announced stopped has left the swarm");
        }
    }

    @Test
    void onlyAPeerOfThatSwarmMayAsk() throws Exception {
        try (NodeConnection asker = tracker.connect(member); NodeConnection outsider = tracker.connect(stranger)) {
            announce(asker, new AnnounceRequest(hash, "-QT0100-member000000", 6881, 0, 0, 13, Event.STARTED));
            announce(outsider, new AnnounceRequest(otherHash, "-QT0100-outsider0000", 6882, 0, 0, 14,
                    Event.STARTED));

            ErrorResponse refused = refusal(outsider, new PeerCheckRequest(hash, fingerprint(member)));
            assertEquals(ErrorCode.NOT_LISTED, refused.errorCode(), refused.error());
            assertTrue(refused.error().contains(fingerprint(stranger)), refused.error());
            assertEquals(ErrorCode.NOT_LISTED, refusal(asker, new PeerCheckRequest(otherHash,
                    fingerprint(stranger))).errorCode(), "a member of one swarm cannot ask about another");
        }
        try (NodeConnection anonymous = tracker.connect(null)) {
            assertEquals(ErrorCode.CERTIFICATE_REQUIRED, refusal(anonymous, new PeerCheckRequest(hash,
                    fingerprint(member))).errorCode());
        }
    }

    @Test
    void anUnknownTorrentIsRefusedAsSuch() throws Exception {
        try (NodeConnection asker = tracker.connect(member)) {
            ErrorResponse refused = refusal(asker, new PeerCheckRequest("0".repeat(40), fingerprint(quiet)));
            assertEquals(ErrorCode.UNKNOWN_INFO_HASH, refused.errorCode(), refused.error());
        }
    }

    private static PeerCheckResponse check(NodeConnection connection, String infoHash, NodeIdentity about)
            throws Exception {
        PeerCheckRequest request = new PeerCheckRequest(infoHash, fingerprint(about));
        Response answer = connection.exchange(request).get(10, TimeUnit.SECONDS);
        return assertInstanceOf(PeerCheckResponse.class, answer, answer.toString());
    }

    private static void announce(NodeConnection connection, AnnounceRequest request) throws Exception {
        Response answer = connection.exchange(request).get(10, TimeUnit.SECONDS);
        assertInstanceOf(AnnounceResponse.class, answer, answer.toString());
    }

    private static ErrorResponse refusal(NodeConnection connection, Request request) throws Exception {
        return assertInstanceOf(ErrorResponse.class, connection.exchange(request).get(10, TimeUnit.SECONDS));
    }

    private static String fingerprint(NodeIdentity identity) {
        return identity.fingerprint().hex();
    }
}
