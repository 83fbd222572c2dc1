package dev.qtorrent.tracker.swarm;

import dev.qtorrent.common.message.AnnounceResponse.Peer;
import dev.qtorrent.tracker.swarm.redis.RedisSwarmStore;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import java.time.Clock;
import java.time.Duration;

/**
 * The swarm store the tracker's {@code --swarm-store} names: {@code memory} (the default), this instance's own
 * registry, or {@code redis://HOST:PORT}, swarms shared by every instance that names the same Redis. Either comes
 * with its sweeper, closed with it.
 */
public final class SwarmStores {
    public static final String MEMORY = "memory";

    private SwarmStores() {
    }

    /** An open store and what runs beside it. */
    public record Opened(SwarmStore store, String description, AutoCloseable... closers) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            for (AutoCloseable closer : closers) {
                closer.close();
            }
        }
    }

    /**
     * Checks the form of {@code spec} without opening anything, so that a mistyped option is refused before the
     * tracker creates or hashes anything.
     *
     * @throws IllegalArgumentException when {@code spec} is neither {@code memory} nor a {@code redis://} URI
     */
    public static void check(String spec) {
        if (spec == null || spec.equals(MEMORY)) {
            return;
        }
        redisUri(spec);
    }

    private static RedisURI redisUri(String spec) {
        if (!spec.startsWith("redis://")) {
            throw new IllegalArgumentException("expected memory or redis://HOST:PORT");
        }
        try {
            return RedisURI.create(spec);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * @param spec {@code memory} or {@code redis://HOST:PORT}
     * @throws IllegalArgumentException when {@code spec} is neither
     * @throws IllegalStateException when Redis cannot be reached
     */
    public static Opened open(String spec, Clock clock, Duration interval, Peer self) {
        if (spec == null || spec.equals(MEMORY)) {
            SwarmRegistry registry = new SwarmRegistry(clock, interval, self);
            return new Opened(registry, "in memory", SwarmSweeper.start(registry));
        }
        RedisURI uri = redisUri(spec);
        RedisSwarmStore store;
        try {
            store = RedisSwarmStore.connect(uri, clock, interval, self);
        } catch (RedisException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new IllegalStateException("cannot reach Redis at " + uri.getHost() + ":" + uri.getPort() + ": "
                    + root.getMessage(), e);
        }
        // The first sweep runs at once: it gives a restarted instance its totals and its view of who serves.
        SwarmSweeper sweeper = SwarmSweeper.start(store::sweep, Duration.ZERO, store.sweepPeriod());
        return new Opened(store, "shared in Redis at " + store.address(), sweeper, store);
    }
}
