package dev.qtorrent.tracker.swarm.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceRequest.Event;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.AnnounceResponse.Peer;
import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ProtocolException;
import dev.qtorrent.common.tls.Fingerprint;
import io.lettuce.core.RedisURI;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two instances sharing one real redis-server: what one changes reaches the other's copy of the swarm, which answers
 * the announces that change nothing; and a lost feed makes an instance copy its swarms again.
 */
@Timeout(60)
class CopiesAcrossInstancesTest {
    private static final Duration INTERVAL = Duration.ofSeconds(60);
    private static final Peer SELF = new Peer("qtorrent-tracker", "203.0.113.1", 7001, "ab".repeat(32));
    private static final String HASH = "0123456789abcdef0123456789abcdef01234567";

    private RedisServer redis;
    private RedisSwarmStore a;
    private RedisSwarmStore b;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start();
        a = RedisSwarmStore.connect(RedisURI.create(redis.uri()), Clock.systemUTC(), INTERVAL, SELF);
        b = RedisSwarmStore.connect(RedisURI.create(redis.uri()), Clock.systemUTC(), INTERVAL, SELF);
    }

    @AfterEach
    void stop() throws Exception {
        a.close();
        b.close();
        redis.close();
    }

    @Test
    void whatOneInstanceChangesReachesTheOthersCopy() {
        announce(b, "peer-x", 6881, Event.STARTED, "10.0.0.1");
        await(() -> b.copied(HASH), "instance B copies the swarm");

        announce(a, "peer-y", 7000, Event.STARTED, "10.0.0.2");
        AnnounceResponse listing = awaitAnswer(b, answer -> ports(answer, "peer-y").equals(List.of(7000)),
                "B lists the peer that joined at A");
        assertTrue(b.answeredFromCopy() > 0, "answered from B's copy");
        assertEquals(1, listing.incomplete() - 1, "peer-x and peer-y are leechers");

        announce(a, "peer-y", 7002, null, "10.0.0.2");
        awaitAnswer(b, answer -> ports(answer, "peer-y").equals(List.of(7002)), "B lists peer-y's new port");

        announce(a, "peer-y", 7002, Event.STOPPED, "10.0.0.2");
        AnnounceResponse after = awaitAnswer(b, answer -> ports(answer, "peer-y").isEmpty(),
                "B stops listing the peer that left at A");
        assertEquals(1, after.incomplete(), "only peer-x is left");
    }

    @Test
    void aLostFeedMakesTheInstanceCopyItsSwarmsAgain() throws Exception {
        announce(b, "peer-x", 6881, Event.STARTED, "10.0.0.1");
        await(() -> b.copied(HASH), "instance B copies the swarm");

        // A Redis that restarts empty: what the copy holds is gone with it.
        redis.stop();
        redis.startAgain();
        await(() -> !b.copied(HASH), "B forgets its copy once its feed is back");

        announceWhenBack(a, "peer-y", 7000, Event.STARTED, "10.0.0.2");
        AnnounceResponse fresh = awaitAnswer(b, answer -> ports(answer, "peer-y").equals(List.of(7000))
                && ports(answer, "peer-x").isEmpty(), "B answers from the swarm as Redis has it now");
        assertEquals(2, fresh.incomplete(), "peer-x is back with its announce, next to peer-y");
        await(() -> b.copied(HASH), "B copies the swarm again");
    }

    @Test
    void anEntryThatLeftRedisBeforeTheCopyHeardIsMadeAgain() throws Exception {
        announce(b, "peer-x", 6881, Event.STARTED, "10.0.0.1");
        await(() -> b.copied(HASH), "instance B copies the swarm");
        // Expiry is seen to at the first announce of each second, which waits for Redis; the next ones do not.
        announce(b, "peer-x", 6881, null, "10.0.0.1");

        // Every key of the swarm gone behind the instances' backs: B's copy still holds peer-x.
        redis.flush();
        announce(b, "peer-x", 6881, null, "10.0.0.1");

        await(() -> leechers(a) == 1, "peer-x is in Redis again, as its announce made it");
    }

    @Test
    void whileRedisFailsAnnouncesAnsweredFromACopyAreRefusedToo() throws Exception {
        announce(b, "peer-x", 6881, Event.STARTED, "10.0.0.1");
        await(() -> b.copied(HASH), "instance B copies the swarm");
        announce(b, "peer-x", 6881, null, "10.0.0.1");

        redis.stop();
        await(() -> {
            try {
                announce(b, "peer-x", 6881, null, "10.0.0.1");
                return false;
            } catch (AssertionError refused) {
                return refused.getCause() != null
                        && refused.getCause().getCause() instanceof ProtocolException refusal
                        && refusal.code() == ErrorCode.UNAVAILABLE;
            }
        }, "B refuses announces once Redis is gone");

        redis.startAgain();
        announceWhenBack(b, "peer-x", 6881, null, "10.0.0.1");
    }

    /**
     * Peers joining, moving and leaving through both instances at once, from four threads: once they are done, each
     * instance's copy lists exactly the peers Redis holds, on the ports they last announced.
     */
    @Test
    void copiesAgreeWithRedisAfterConcurrentChangesThroughBothInstances() throws Exception {
        for (RedisSwarmStore store : List.of(a, b)) {
            announce(store, "observer", 7999, Event.STARTED, "10.0.1.1");
        }
        await(() -> a.copied(HASH) && b.copied(HASH), "both instances copy the swarm");
        java.util.Map<String, Integer> expected = new java.util.concurrent.ConcurrentHashMap<>();
        List<Thread> threads = new java.util.ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            Thread worker = new Thread(() -> {
                java.util.SplittableRandom random = new java.util.SplittableRandom(thread);
                for (int i = 0; i < 60; i++) {
                    // Each thread has peers of its own, so each peer's announces come in order, as from one client.
                    String peer = "peer-" + thread + "-" + random.nextInt(5);
                    RedisSwarmStore store = random.nextBoolean() ? a : b;
                    int port = 6000 + random.nextInt(3);
                    Event event = switch (random.nextInt(4)) {
                        case 0 -> Event.STARTED;
                        case 1 -> Event.STOPPED;
                        default -> null;
                    };
                    announce(store, peer, port, event, "10.0.2." + (thread * 5 + peer.charAt(peer.length() - 1) - '0'));
                    if (event == Event.STOPPED) {
                        expected.remove(peer);
                    } else {
                        expected.put(peer, port);
                    }
                }
            });
            worker.setUncaughtExceptionHandler((failed, failure) -> failures.add(failure));
            worker.start();
            threads.add(worker);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(List.of(), failures, "every announce answered");
        expected.put("observer", 7999);
        for (RedisSwarmStore store : List.of(a, b)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            java.util.Map<String, Integer> listed;
            do {
                long before = store.answeredFromCopy();
                AnnounceResponse answer = store.announce(new AnnounceRequest(HASH, "observer", 7999, 0, 0, 100, null,
                        AnnounceRequest.MAX_NUMWANT), true, new InetSocketAddress("10.0.1.1", 40000),
                        certificate("observer")).toCompletableFuture().get(10, TimeUnit.SECONDS);
                listed = new java.util.TreeMap<>();
                for (Peer peer : answer.peers()) {
                    listed.put(peer.peerId(), peer.port());
                }
                listed.remove("qtorrent-tracker");
                listed.put("observer", 7999);
                if (listed.equals(new java.util.TreeMap<>(expected)) && store.answeredFromCopy() > before) {
                    break;
                }
                sleep();
            } while (System.nanoTime() < deadline);
            assertEquals(new java.util.TreeMap<>(expected), listed, "what the copy lists");
            assertEquals(expected.size(), leechers(store), "what Redis counts");
        }
    }

    /** The leechers instance {@code store} counts in the swarm, as Redis has them. */
    private static int leechers(RedisSwarmStore store) {
        try {
            return store.counts(HASH).toCompletableFuture().get(10, TimeUnit.SECONDS).leechers();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Announces until the store has reconnected to Redis (it answers unavailable until then). */
    private static void announceWhenBack(RedisSwarmStore store, String peerId, int port, Event event, String ip) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                announce(store, peerId, port, event, ip);
                return;
            } catch (AssertionError unavailable) {
                if (System.nanoTime() > deadline) {
                    throw unavailable;
                }
                sleep();
            }
        }
    }

    /** Announces peer-x at {@code store} until an answer satisfies {@code wanted}. */
    private AnnounceResponse awaitAnswer(RedisSwarmStore store, Predicate<AnnounceResponse> wanted, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            announceWhenBack(store, "peer-x", 6881, null, "10.0.0.1");
            AnnounceResponse answer = announce(store, "peer-x", 6881, null, "10.0.0.1");
            if (wanted.test(answer)) {
                return answer;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": last answer " + answer);
            }
            sleep();
        }
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " within 10 s");
            }
            sleep();
        }
    }

    private static List<Integer> ports(AnnounceResponse answer, String peerId) {
        return answer.peers().stream().filter(peer -> peer.peerId().equals(peerId)).map(Peer::port).toList();
    }

    private static AnnounceResponse announce(RedisSwarmStore store, String peerId, int port, Event event, String ip) {
        AnnounceRequest request = new AnnounceRequest(HASH, peerId, port, 0, 0, 100, event);
        try {
            return store.announce(request, true, new InetSocketAddress(ip, 40000), certificate(peerId))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("announce of " + peerId + " failed", e);
        }
    }

    private static Fingerprint certificate(String peerId) {
        try {
            return new Fingerprint(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(peerId.getBytes(StandardCharsets.UTF_8))));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
