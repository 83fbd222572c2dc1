package dev.qtorrent.tracker.swarm.redis;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.AnnounceResponse.Peer;
import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ProtocolException;
import dev.qtorrent.common.tls.Fingerprint;
import dev.qtorrent.tracker.swarm.SwarmChanges;
import dev.qtorrent.tracker.swarm.SwarmCopy;
import dev.qtorrent.tracker.swarm.SwarmCounts;
import dev.qtorrent.tracker.swarm.SwarmStore;
import dev.qtorrent.tracker.swarm.SwarmTotals;
import dev.qtorrent.tracker.swarm.redis.SwarmScripts.Script;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Swarms kept in Redis, so that several tracker instances share their peers. Each swarm's keys carry its info hash as
 * a hash tag ({@code qt:{infohash}:...}, see common.lua). An announce that may change the swarm runs one Lua script
 * that does atomically what the in-memory registry does under its lock (ownership of an entry by its certificate,
 * expiry from the old end, counts, random picks). Most announces change nothing but the peer's time: this instance
 * keeps a copy of each swarm it is asked about ({@link CopiedSwarms}), answers such an announce from it, and only
 * moves the entry's time in Redis. Every change is published ({@link SwarmFeed}) for the other instances' watchers
 * and copies. Keys of a swarm expire when nobody announces to it for an entry's lifetime; {@link #sweep()} drops
 * expired entries of live swarms, keeps the totals and mends the {@link ServingMirror}. The tracker's own entry is
 * not in Redis: each instance heads its answers with itself when it seeds the torrent.
 */
public final class RedisSwarmStore implements SwarmStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisSwarmStore.class);
    /** A torrent's download count outlives its swarm by this much after the last announce. */
    private static final Duration DOWNLOADS_KEPT = Duration.ofDays(30);
    private static final byte[] AGAIN = SwarmKeys.bytes("1");
    private static final byte[] NOT_AGAIN = new byte[0];

    private final RedisClient client;
    private final ClientResources resources;
    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final StatefulRedisPubSubConnection<byte[], byte[]> feed;
    private final RedisAsyncCommands<byte[], byte[]> redis;
    private final SwarmScripts scripts;
    private final StoreFailures failures;
    private final Clock clock;
    private final Duration interval;
    private final Peer self;
    private final CopiedSwarms copies;
    private final SwarmFeed news;
    private final CopyAnswers answers;
    private final SwarmIndexMarks marks;
    private final RedisSweep sweep;

    private RedisSwarmStore(RedisClient client, ClientResources resources, StatefulRedisConnection<byte[], byte[]> connection,
                            StatefulRedisPubSubConnection<byte[], byte[]> feed, StoreFailures failures, Clock clock,
                            Duration interval, Peer self) {
        this.client = client;
        this.resources = resources;
        this.connection = connection;
        this.feed = feed;
        this.redis = connection.async();
        this.scripts = SwarmScripts.load(connection.sync(), redis);
        this.failures = failures;
        this.clock = clock;
        this.interval = interval;
        this.marks = new SwarmIndexMarks(lifetimeSeconds());
        this.self = self;
        this.copies = new CopiedSwarms(new SwarmCopy(clock, interval, self));
        this.news = new SwarmFeed(copies);
        this.answers = new CopyAnswers(connection, scripts, copies, news, failures);
        this.sweep = new RedisSweep(redis, scripts, news);
    }

    /**
     * Connects to Redis at {@code uri}, loads the scripts and subscribes to the changes of other instances.
     *
     * @throws io.lettuce.core.RedisException when Redis cannot be reached now
     */
    public static RedisSwarmStore connect(RedisURI uri, Clock clock, Duration interval, Peer self) {
        if (interval.toSeconds() < 1) {
            throw new IllegalArgumentException("the announce interval must be at least one second");
        }
        StoreFailures failures = new StoreFailures(uri.getHost() + ":" + uri.getPort());
        ClientResources resources = failures.clientResources();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(failures.clientOptions());
        try {
            StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE);
            StatefulRedisPubSubConnection<byte[], byte[]> feed = client.connectPubSub(ByteArrayCodec.INSTANCE);
            RedisSwarmStore store = new RedisSwarmStore(client, resources, connection, feed, failures, clock, interval, self);
            store.news.listen(feed);
            return store;
        } catch (RuntimeException e) {
            client.shutdown();
            resources.shutdown();
            throw e;
        }
    }

    /** Whether this instance holds a complete copy of the swarm of {@code infoHash}. */
    boolean copied(String infoHash) {
        return copies.complete(infoHash);
    }

    /** How many announces were answered from a copy. */
    long answeredFromCopy() {
        return answers.answered();
    }

    /** The Redis address, for the banner and messages. */
    public String address() {
        return failures.address();
    }

    @Override
    public CompletionStage<AnnounceResponse> announce(AnnounceRequest request, boolean origin,
                                                      InetSocketAddress from, Fingerprint certificate) {
        long now = clock.millis();
        boolean seed = request.left() == 0;
        byte[] key = from == null ? new byte[0] : SwarmEntries.key(request.peerId(), from.getAddress());
        int want = request.numwant();
        boolean withSelf = origin && !seed && want > 0;
        String infoHash = request.infoHash();
        long lifetime = lifetimeSeconds();
        // What a sweep visits; outside the scripts, since it is not one swarm's key.
        long second = Math.floorDiv(now, 1000);
        if (marks.due(infoHash, second)) {
            redis.zadd(SwarmKeys.SWARMS, (double) second, SwarmKeys.bytes(infoHash)).whenComplete((added, failure) -> {
                if (failure != null) {
                    marks.failed(infoHash);
                }
            });
        }
        CompletionStage<AnnounceResponse> copied = from == null ? null
                : answers.answer(request, origin, from, certificate, key, now, at -> new byte[][] {
                        SwarmKeys.number(oldestKept(at)), SwarmFeed.CHANNEL_BYTES, news.prefix(infoHash),
                        SwarmKeys.number(lifetime + interval.toSeconds()),
                        SwarmKeys.number(DOWNLOADS_KEPT.toSeconds()), SwarmKeys.number(lifetime)},
                        wanted -> changed(request, origin, from, certificate, key, now, wanted,
                                wanted > 0 && withSelf, true));
        if (copied != null) {
            return copied;
        }
        if (from != null && copies.startLoad(infoHash)) {
            answers.load(infoHash, SwarmKeys.number(oldestKept(now)), SwarmFeed.CHANNEL_BYTES, news.prefix(infoHash));
        }
        return failures.of(changed(request, origin, from, certificate, key, now, want, withSelf, false), "announce");
    }

    /**
     * An announce that may change the swarm, made and answered in Redis (announce.lua). The entry's value is made
     * here: announces answered from a copy need only its key.
     *
     * @param again whether this is a refresh answered from the copy, made again because Redis no longer held its
     *              entry: then it makes the entry only if the entry expired, not if its peer stopped since {@code now}
     *              or a later announce made it anew (announce.lua)
     */
    CompletionStage<AnnounceResponse> changed(AnnounceRequest request, boolean origin, InetSocketAddress from,
                                              Fingerprint certificate, byte[] key, long now, int want,
                                              boolean withSelf, boolean again) {
        String infoHash = request.infoHash();
        byte[] value = SwarmEntries.value(certificate.hex(), request.port(), request.left() == 0);
        String event = request.event() == null ? "" : request.event().name().toLowerCase(Locale.ROOT);
        long lifetime = lifetimeSeconds();
        CompletionStage<List<Object>> answer = scripts.run(Script.ANNOUNCE, SwarmKeys.announceKeys(infoHash), key,
                value, SwarmKeys.number(now), SwarmKeys.number(oldestKept(now)), SwarmKeys.bytes(event),
                SwarmKeys.number(want - (withSelf ? 1 : 0)), SwarmKeys.number(lifetime + interval.toSeconds()),
                SwarmKeys.number(DOWNLOADS_KEPT.toSeconds()), SwarmFeed.CHANNEL_BYTES, news.prefix(infoHash),
                SwarmKeys.number(ThreadLocalRandom.current().nextLong(1L << 40)), SwarmKeys.number(lifetime),
                again ? AGAIN : NOT_AGAIN);
        return answer.thenApply(result -> {
            if ("in_use".equals(string(result.get(0)))) {
                byte[] held = (byte[]) result.get(1);
                throw new ProtocolException(ErrorCode.PEER_ID_IN_USE, "peer_id " + request.peerId() + " is held at "
                        + from.getAddress().getHostAddress() + " by another certificate (sha256="
                        + SwarmEntries.certificateHex(held) + "); use another peer_id");
            }
            news.applied(infoHash, result, 4);
            List<Peer> peers = new ArrayList<>();
            if (withSelf) {
                peers.add(self);
            }
            for (Object entry : (List<?>) result.get(3)) {
                peers.add(SwarmEntries.peer((byte[]) entry));
            }
            int complete = (int) (long) (Long) result.get(1) + (origin ? 1 : 0);
            int incomplete = (int) (long) (Long) result.get(2);
            return new AnnounceResponse((int) interval.toSeconds(), peers, complete, incomplete);
        });
    }

    @Override
    public CompletionStage<Boolean> listed(String infoHash, Fingerprint certificate) {
        return failures.of(look(infoHash, HexFormat.of().parseHex(certificate.hex()))
                .thenApply(result -> (Long) result.get(3) > 0), "swarm look-up");
    }

    @Override
    public boolean serving(String infoHash, Fingerprint certificate) {
        return news.mirror().serving(infoHash, certificate.hex());
    }

    @Override
    public CompletionStage<SwarmCounts> counts(String infoHash) {
        return failures.of(look(infoHash, new byte[0]).thenApply(result -> new SwarmCounts(
                (int) (long) (Long) result.get(0), (int) (long) (Long) result.get(1), (Long) result.get(2))),
                "swarm counts");
    }

    /** As of the last sweep: counting every swarm of a shared store at each ask would cost a pass over Redis. */
    @Override
    public SwarmTotals totals() {
        return sweep.totals();
    }

    @Override
    public SwarmChanges changes() {
        return news.changes();
    }

    /**
     * Drops the expired entries of every swarm, keeps the totals and mends the serving view; returns how many
     * entries went. Waits for Redis: run it on a thread of its own ({@link dev.qtorrent.tracker.swarm.SwarmSweeper}).
     */
    public int sweep() {
        long now = clock.millis();
        long forgetBefore = Math.floorDiv(now, 1000) - lifetimeSeconds();
        marks.forgetBefore(forgetBefore);
        copies.sweep();
        return sweep.run(forgetBefore, oldestKept(now));
    }

    /**
     * How often {@link #sweep()} should run: half an interval, as the in-memory store, but at least every minute,
     * since it also mends the serving view.
     */
    public Duration sweepPeriod() {
        Duration half = interval.dividedBy(2);
        return half.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : half;
    }

    @Override
    public void close() {
        feed.close();
        connection.close();
        client.shutdown();
        resources.shutdown();
    }

    private CompletionStage<List<Object>> look(String infoHash, byte[] certificate) {
        return scripts.run(Script.LOOK, SwarmKeys.keys(infoHash, true), SwarmKeys.number(oldestKept(clock.millis())),
                SwarmFeed.CHANNEL_BYTES, news.prefix(infoHash), certificate).thenApply(result -> {
                    news.applied(infoHash, result, 4);
                    return result;
                });
    }

    private long lifetimeSeconds() {
        return interval.multipliedBy(2).toSeconds();
    }

    /** The oldest last announce (unix ms) still alive at {@code now}: two intervals ago. */
    private long oldestKept(long now) {
        return now - interval.multipliedBy(2).toMillis();
    }

    private static String string(Object bulk) {
        return bulk instanceof byte[] b ? new String(b, StandardCharsets.US_ASCII) : String.valueOf(bulk);
    }
}
