package dev.qtorrent.tracker.swarm.redis;

import dev.qtorrent.common.message.AnnounceResponse.Peer;
import dev.qtorrent.tracker.swarm.AnnounceRulesContract;
import dev.qtorrent.tracker.swarm.SwarmStore;
import dev.qtorrent.tracker.swarm.SwarmTotals;
import io.lettuce.core.RedisURI;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

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

    /** A shared store counts every swarm in its sweep. */
    @Override
    protected SwarmTotals totals(SwarmStore store) {
        ((RedisSwarmStore) store).sweep();
        return store.totals();
    }
}
