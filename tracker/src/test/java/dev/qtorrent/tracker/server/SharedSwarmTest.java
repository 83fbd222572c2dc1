package dev.qtorrent.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceRequest.Event;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.AnnounceResponse.Peer;
import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ErrorResponse;
import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.PieceRequest;
import dev.qtorrent.common.message.PieceResponse;
import dev.qtorrent.common.message.Response;
import dev.qtorrent.common.message.ScrapeRequest;
import dev.qtorrent.common.message.ScrapeResponse;
import dev.qtorrent.common.message.SwarmChangeResponse;
import dev.qtorrent.common.message.SwarmChangeResponse.Change;
import dev.qtorrent.common.message.WatchRequest;
import dev.qtorrent.common.message.WatchResponse;
import dev.qtorrent.common.quic.LineReader;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.tracker.TestTracker;
import dev.qtorrent.tracker.swarm.SwarmStores;
import dev.qtorrent.tracker.swarm.redis.RedisServer;
import dev.qtorrent.tracker.swarm.redis.RedisSwarmStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two tracker instances sharing their swarms through a real redis-server, over real QUIC on loopback: what one
 * instance hears of, the other lists, counts and tells its watchers; a restarted instance finds its swarms again;
 * while Redis is down, announces get {@code unavailable} and pieces are still served.
 */
@Timeout(60)
class SharedSwarmTest {
    @TempDir
    Path dir;

    private final MessageCodec codec = new MessageCodec();
    /** One identity for both instances, as a shared tls/ folder gives them. */
    private final NodeIdentity identity = NodeIdentity.generate("127.0.0.1");
    private final NodeIdentity first = NodeIdentity.generate(NodeIdentity.Role.PEER, null);
    private final NodeIdentity second = NodeIdentity.generate(NodeIdentity.Role.PEER, null);
    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<RedisSwarmStore> stores = new ArrayList<>();
    private RedisServer redis;
    private String hash;

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aPeerAnnouncedToOneInstanceIsListedAndCountedByTheOther() throws Exception {
        TestTracker a = instance("a");
        TestTracker b = instance("b");
        try (NodeConnection toA = a.connect(first); NodeConnection toB = b.connect(second)) {
            announce(toA, new AnnounceRequest(hash, "-QT0100-first0000000", 6881, 0, 0, 9, Event.STARTED));
            AnnounceResponse answer = announce(toB, new AnnounceRequest(hash, "-QT0100-second000000", 6882, 0, 0, 9,
                    Event.STARTED));
            assertEquals(List.of(TestTracker.self(identity), firstPeer()), answer.peers(),
                    "instance b heads the list with itself, then the peer that announced to a");
            assertEquals(1, answer.complete(), "the instance itself seeds");
            assertEquals(2, answer.incomplete());

            Response scrape = toB.exchange(new ScrapeRequest(List.of(hash))).get(10, TimeUnit.SECONDS);
            assertEquals(new ScrapeResponse(Map.of(hash, new ScrapeResponse.Swarm(1, 2, 0))), scrape);

            // A download completed through a counts on b; the peer that stopped at b is gone at a.
            announce(toA, new AnnounceRequest(hash, "-QT0100-first0000000", 6881, 9, 0, 0, Event.COMPLETED));
            announce(toB, new AnnounceRequest(hash, "-QT0100-second000000", 6882, 0, 0, 9, Event.STOPPED));
            assertEquals(new ScrapeResponse(Map.of(hash, new ScrapeResponse.Swarm(2, 0, 1))),
                    toB.exchange(new ScrapeRequest(List.of(hash))).get(10, TimeUnit.SECONDS));
            AnnounceResponse seen = announce(toA, new AnnounceRequest(hash, "-QT0100-first0000000", 6881, 9, 0, 0,
                    null));
            assertEquals(List.of(), seen.peers(), "a seed is sent leechers only, and the leecher left through b");
        }
    }

    /** Who serves a swarm is answered from each instance's own view, which follows the others' changes. */
    @Test
    void eachInstanceKnowsWhoServesASwarmWithoutAskingRedis() throws Exception {
        TestTracker a = instance("a");
        instance("b");
        RedisSwarmStore viewOfA = stores.get(0);
        RedisSwarmStore viewOfB = stores.get(1);
        try (NodeConnection toA = a.connect(first)) {
            announce(toA, new AnnounceRequest(hash, "-QT0100-first0000000", 6881, 0, 0, 9, Event.STARTED));
            assertTrue(viewOfA.serving(hash, first.fingerprint()), "the instance announced to knows at once");
            eventually("b hears of it", () -> viewOfB.serving(hash, first.fingerprint()));
            announce(toA, new AnnounceRequest(hash, "-QT0100-first0000000", 6881, 0, 0, 9, Event.STOPPED));
            eventually("b hears it left", () -> !viewOfB.serving(hash, first.fingerprint()));
            announce(toA, new AnnounceRequest(hash, "-QT0100-first0000000", 6881, 0, 0, 9, Event.STARTED));
        }
        // An instance started later learns the swarm from its first sweep, not from changes it never heard.
        instance("c");
        RedisSwarmStore viewOfC = stores.get(2);
        eventually("c's first sweep", () -> viewOfC.serving(hash, first.fingerprint()));
        assertEquals(1, viewOfC.totals().swarms());
        assertEquals(1, viewOfC.totals().leechers());
    }

    @Test
    void aRestartedInstanceLosesNothing() throws Exception {
        TestTracker a = instance("a");
        try (NodeConnection toA = a.connect(first)) {
            announce(toA, new AnnounceRequest(hash, "-QT0100-first0000000", 6881, 0, 0, 9, Event.STARTED));
        }
        closeAll();
        TestTracker again = instance("a");
        try (NodeConnection toAgain = again.connect(second)) {
            AnnounceResponse answer = announce(toAgain, new AnnounceRequest(hash, "-QT0100-second000000", 6882, 0, 0,
                    9, Event.STARTED));
            assertEquals(List.of(TestTracker.self(identity), firstPeer()), answer.peers());
        }
    }

    @Test
    void whileRedisIsDownAnnouncesAreRefusedAndPiecesStillServed() throws Exception {
        TestTracker a = instance("a");
        try (NodeConnection toA = a.connect(first)) {
            AnnounceRequest request = new AnnounceRequest(hash, "-QT0100-first0000000", 6881, 0, 0, 9, Event.STARTED);
            announce(toA, request);
            redis.stop();

            Response refused = toA.exchange(request).get(10, TimeUnit.SECONDS);
            ErrorResponse error = assertInstanceOf(ErrorResponse.class, refused, refused.toString());
            assertEquals(ErrorCode.UNAVAILABLE, error.errorCode(), error.error());
            assertNotNull(error.retryAfterMs());
            assertTrue(error.retryAfterMs() > 0, error.toString());
            assertTrue(error.error().contains("127.0.0.1:" + redis.port()), error.error());
            ErrorResponse scrape = assertInstanceOf(ErrorResponse.class,
                    toA.exchange(new ScrapeRequest(List.of(hash))).get(10, TimeUnit.SECONDS));
            assertEquals(ErrorCode.UNAVAILABLE, scrape.errorCode(), scrape.error());

            byte[] raw = toA.exchangeRaw(codec.encodeRequest(new PieceRequest(hash, 0)), true, 1 << 20)
                    .get(10, TimeUnit.SECONDS);
            int newline = indexOf(raw, MessageCodec.HEADER_END);
            assertEquals(new PieceResponse(hash, 0, raw.length - newline - 1),
                    codec.decodeResponseHeader(Arrays.copyOf(raw, newline)), "pieces are still served");

            redis.startAgain();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            Response answer;
            do {
                Thread.sleep(100);
                answer = toA.exchange(request).get(10, TimeUnit.SECONDS);
            } while (!(answer instanceof AnnounceResponse) && System.nanoTime() < deadline);
            AnnounceResponse back = assertInstanceOf(AnnounceResponse.class, answer, "after Redis is back: "
                    + answer);
            assertEquals(1, back.incomplete(), "the announce is recorded again");
        }
    }

    @Test
    void aWatcherOnOneInstanceHearsOfAPeerJoiningThroughTheOther() throws Exception {
        TestTracker a = instance("a");
        TestTracker b = instance("b");
        try (NodeConnection watching = b.connect(first); NodeConnection joining = a.connect(second)) {
            announce(watching, new AnnounceRequest(hash, "-QT0100-first0000000", 6881, 0, 0, 9, Event.STARTED));
            LineReader lines = new LineReader();
            watching.send(codec.encodeRequest(new WatchRequest(hash)), true, lines).get(10, TimeUnit.SECONDS);
            assertEquals(new WatchResponse(hash), lines.next());

            announce(joining, new AnnounceRequest(hash, "-QT0100-second000000", 6882, 0, 0, 9, Event.STARTED));
            Peer peer = new Peer("-QT0100-second000000", "127.0.0.1", 6882, second.fingerprint().hex());
            assertEquals(new SwarmChangeResponse(hash, Change.JOINED, peer, false), lines.next());
            announce(joining, new AnnounceRequest(hash, "-QT0100-second000000", 6882, 9, 0, 0, Event.STOPPED));
            assertEquals(new SwarmChangeResponse(hash, Change.LEFT, peer, false), lines.next(),
                    "each change once, the join not repeated");
        }
        try (NodeConnection watching = a.connect(first); NodeConnection joining = a.connect(second)) {
            // On the instance the peer joins through, its watchers hear of it once too.
            LineReader lines = new LineReader();
            watching.send(codec.encodeRequest(new WatchRequest(hash)), true, lines).get(10, TimeUnit.SECONDS);
            assertEquals(new WatchResponse(hash), lines.next());
            announce(joining, new AnnounceRequest(hash, "-QT0100-second000001", 6883, 0, 0, 9, Event.STARTED));
            announce(joining, new AnnounceRequest(hash, "-QT0100-second000001", 6883, 0, 0, 9, Event.STOPPED));
            assertEquals(Change.JOINED, assertInstanceOf(SwarmChangeResponse.class, lines.next()).change());
            assertEquals(Change.LEFT, assertInstanceOf(SwarmChangeResponse.class, lines.next()).change());
        }
    }

    /** A tracker instance on the shared Redis, seeding the same one-file torrent as the others. */
    private TestTracker instance(String name) throws Exception {
        Path seed = Files.createDirectories(dir.resolve(name + "-" + open.size()));
        Files.writeString(seed.resolve("a.txt"), "a torrent shared by every instance");
        // Opened as the tracker command opens it, with its sweeper.
        SwarmStores.Opened opened = SwarmStores.open(redis.uri(), Clock.systemUTC(), Duration.ofSeconds(60),
                TestTracker.self(identity));
        open.add(opened);
        RedisSwarmStore store = (RedisSwarmStore) opened.store();
        stores.add(store);
        TestTracker tracker = TestTracker.start(seed, identity, store);
        open.add(tracker);
        String infoHash = tracker.torrent("a.txt").infoHash().hex();
        if (hash == null) {
            hash = infoHash;
        }
        assertEquals(hash, infoHash, "every instance seeds the same torrent");
        return tracker;
    }

    private void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        open.clear();
        stores.clear();
    }

    /** Waits until {@code condition} holds, for what travels by pub/sub or comes with a sweep. */
    private static void eventually(String what, java.util.function.BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(20);
        }
    }

    private Peer firstPeer() {
        return new Peer("-QT0100-first0000000", "127.0.0.1", 6881, first.fingerprint().hex());
    }

    private static AnnounceResponse announce(NodeConnection connection, AnnounceRequest request) throws Exception {
        Response answer = connection.exchange(request).get(10, TimeUnit.SECONDS);
        return assertInstanceOf(AnnounceResponse.class, answer, answer.toString());
    }

    private static int indexOf(byte[] bytes, byte value) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
