package dev.qtorrent.tracker.swarm.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceRequest.Event;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.AnnounceResponse.Peer;
import dev.qtorrent.common.tls.Fingerprint;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A refresh answered from an instance's copy moves its entry's time in Redis on that instance's connection; when the
 * entry is no longer there, the refresh is made again through announce.lua. Its peer may have stopped through another
 * instance meanwhile, or announced anew: a real redis-server decides, with the announces' times given here, whether
 * the refresh makes the entry again.
 */
@Timeout(60)
class RefreshMadeAgainTest {
    private static final Duration INTERVAL = Duration.ofSeconds(60);
    private static final Peer SELF = new Peer("qtorrent-tracker", "203.0.113.1", 7001, "ab".repeat(32));
    private static final String HASH = "89abcdef0123456789abcdef0123456789abcdef";
    private static final InetSocketAddress FROM = new InetSocketAddress("10.0.0.2", 40000);
    private static final Fingerprint CERTIFICATE = new Fingerprint("cd".repeat(32));

    private RedisServer redis;
    private RedisSwarmStore store;
    private long base;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start();
        store = RedisSwarmStore.connect(RedisURI.create(redis.uri()), Clock.systemUTC(), INTERVAL, SELF);
        base = System.currentTimeMillis();
    }

    @AfterEach
    void stop() throws Exception {
        store.close();
        redis.close();
    }

    @Test
    void aRefreshFromBeforeItsPeerStoppedDoesNotBringThePeerBack() {
        announce(7000, Event.STARTED, 0, false);
        announce(7000, Event.STOPPED, 10, false);

        announce(7000, null, 5, true);
        assertEquals(List.of(), listed(40), "a refresh older than the stop");
        announce(7000, null, 10, true);
        assertEquals(List.of(), listed(40), "a refresh in the stop's millisecond");

        announce(7000, null, 11, true);
        assertEquals(List.of(7000), listed(40), "a refresh after the stop: the peer announced again");
    }

    @Test
    void aRefreshDoesNotUndoALaterAnnounce() {
        announce(7000, Event.STARTED, 0, false);
        announce(7000, Event.STOPPED, 10, false);
        announce(7001, Event.STARTED, 20, false);

        announce(7000, null, 15, true);
        announce(7000, null, 25, true);
        assertEquals(List.of(7001), listed(40), "the port the peer announced last, not the stale refresh's");
    }

    @Test
    void aStopIsKeptForAnEntrysLifetimeAtMost() {
        announce(7000, Event.STARTED, 0, false);
        announce(7000, Event.STOPPED, 10, false);

        RedisClient client = RedisClient.create(RedisURI.create(redis.uri()));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            long ttl = connection.sync().ttl("qt:{" + HASH + "}:x");
            long lifetime = INTERVAL.multipliedBy(2).toSeconds();
            assertTrue(ttl > 0 && ttl <= lifetime, "the stops expire in " + ttl + " s");
        } finally {
            client.shutdown();
        }
    }

    /** peer-y's announce made in Redis at {@code base + at} ms; {@code again} as a refresh made again. */
    private void announce(int port, Event event, long at, boolean again) {
        AnnounceRequest request = new AnnounceRequest(HASH, "peer-y", port, 0, 0, 100, event);
        await(store.changed(request, true, FROM, CERTIFICATE, SwarmEntries.key("peer-y", FROM.getAddress()),
                base + at, 0, false, again));
    }

    /** The ports peer-y is listed on, as Redis answers another peer at {@code base + at} ms. */
    private List<Integer> listed(long at) {
        InetSocketAddress from = new InetSocketAddress("10.0.0.3", 40000);
        AnnounceRequest request = new AnnounceRequest(HASH, "observer", 7999, 0, 0, 100, null);
        AnnounceResponse answer = await(store.changed(request, true, from, new Fingerprint("ef".repeat(32)),
                SwarmEntries.key("observer", from.getAddress()), base + at, 50, false, false));
        return answer.peers().stream().filter(peer -> peer.peerId().equals("peer-y")).map(Peer::port).toList();
    }

    private static AnnounceResponse await(java.util.concurrent.CompletionStage<AnnounceResponse> answer) {
        try {
            return answer.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
