package dev.qtorrent.tracker.swarm.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.message.AnnounceRequest.Event;
import dev.qtorrent.common.message.AnnounceResponse.Peer;
import dev.qtorrent.tracker.swarm.AnnounceRulesContract;
import dev.qtorrent.tracker.swarm.SwarmStore;
import dev.qtorrent.tracker.swarm.SwarmTotals;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The announce rules, kept by the Redis store: one real redis-server for the class, emptied before each test. */
class RedisAnnounceRulesTest extends AnnounceRulesContract {
    private static RedisServer redis;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    protected SwarmStore open(Clock clock, Duration interval, Peer self) throws Exception {
        redis.flush();
        return RedisSwarmStore.connect(RedisURI.create(redis.uri()), clock, interval, self);
    }

    /**
     * Most announces only move a peer's time and leave the keys' lifetimes alone while they are long enough; every
     * key any announce made must still expire, no sooner than an entry could, or a swarm nobody announces to would
     * stay in Redis for ever.
     */
    @Test
    void everyKeyOfASwarmOutlivesItsEntriesAndExpires() {
        announce("peer-a", 6881, 100, Event.STARTED, "10.0.0.1");
        announce("peer-a", 6881, 100, null, "10.0.0.1");
        announce("peer-b", 6882, 0, Event.STARTED, "10.0.0.2");
        announce("peer-b", 6882, 0, null, "10.0.0.2");
        announce("peer-c", 6883, 100, Event.STARTED, "10.0.0.3");
        announce("peer-a", 6881, 0, Event.COMPLETED, "10.0.0.1");
        announce("peer-a", 6881, 0, null, "10.0.0.1");
        announce("peer-c", 6883, 100, null, "10.0.0.3");

        long lifetime = INTERVAL.multipliedBy(2).toSeconds();
        String base = "qt:{" + torrent().infoHash().hex() + "}:";
        RedisClient client = RedisClient.create(RedisURI.create(redis.uri()));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            List<String> keys = connection.sync().keys(base + "*").stream().sorted().toList();
            assertEquals(List.of("L", "S", "c", "d", "e", "n", "t"),
                    keys.stream().map(key -> key.substring(base.length())).toList());
            for (String key : keys) {
                long ttl = connection.sync().ttl(key);
                assertTrue(ttl >= lifetime, key + " expires in " + ttl + " s, before its entries could");
                assertTrue(ttl <= Duration.ofDays(30).toSeconds(), key + " expires in " + ttl + " s");
            }
        } finally {
            client.shutdown();
        }
    }

    /** A shared store counts every swarm in its sweep. */
    @Override
    protected SwarmTotals totals(SwarmStore store) {
        ((RedisSwarmStore) store).sweep();
        return store.totals();
    }
}
