package dev.qtorrent.tracker.swarm.redis;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.tls.Fingerprint;
import dev.qtorrent.tracker.swarm.redis.SwarmScripts.Script;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The announces this instance answers from its copies of the swarms ({@link CopiedSwarms}): those that change nothing
 * but the peer's time, most of them. The answer goes at once, while one ZADD moves the entry's time in Redis (XX: only
 * if the entry is still there; CH: say so; written with the other ZADDs of the same burst, {@link TimeMoves}); should
 * the entry have left Redis meanwhile, the announce is made again through announce.lua, which makes the entry anew
 * only if it expired (not if its peer stopped through another instance since, nor if a later announce made it
 * already). The first such announce of each second per swarm runs tend.lua too (expiry, the keys' lifetimes) and
 * waits for both, so that entries that expired leave the copy before its answer. Every announce waits while Redis
 * fails, so that askers hear of it, and while too many are unconfirmed.
 */
final class CopyAnswers {
    private static final Logger log = LoggerFactory.getLogger(CopyAnswers.class);
    private static final CompletionStage<List<Object>> NOTHING_TENDED = CompletableFuture.completedFuture(null);
    /**
     * Announces answered from a copy whose new time Redis has not yet confirmed, at most: tens of milliseconds of
     * announces, a few megabytes queued, before answers wait for Redis again.
     */
    private static final int MOST_UNCONFIRMED = 10_000;

    /** An announce made in Redis (announce.lua), listing up to {@code want} peers. */
    interface InRedis {
        CompletionStage<AnnounceResponse> announce(int want);
    }

    private final StatefulConnection<byte[], byte[]> connection;
    private final SwarmScripts scripts;
    private final CopiedSwarms copies;
    private final SwarmFeed news;
    private final StoreFailures failures;
    private final TimeMoves moves;
    private final LongAdder answered = new LongAdder();
    private final AtomicInteger refreshes = new AtomicInteger();
    private final AtomicInteger unconfirmed = new AtomicInteger();

    CopyAnswers(StatefulRedisConnection<byte[], byte[]> connection, SwarmScripts scripts, CopiedSwarms copies,
                SwarmFeed news, StoreFailures failures) {
        this.connection = connection;
        this.scripts = scripts;
        this.copies = copies;
        this.news = news;
        this.failures = failures;
        this.moves = new TimeMoves(connection);
    }

    /**
     * The answer from this instance's copy, its failures already told as {@link StoreFailures#of} tells them; or null
     * when the copy cannot give it (not a refresh, the swarm not copied, Redis failing): then the caller makes the
     * announce in Redis.
     *
     * @param key     the entry's key in Redis
     * @param tending tend.lua's keys and arguments for the swarm, should expiry be due
     * @param inRedis the same announce made in Redis, for when the copy turns out to be behind
     */
    CompletionStage<AnnounceResponse> answer(AnnounceRequest request, boolean origin, InetSocketAddress from,
                                             Fingerprint certificate, byte[] key, long now, Tending tending,
                                             InRedis inRedis) {
        AnnounceResponse copied = failures.failing() || !connection.isOpen() ? null
                : copies.refresh(request, origin, from, certificate);
        if (copied == null) {
            return null;
        }
        String infoHash = request.infoHash();
        byte[] times = SwarmKeys.key(infoHash, "t");
        boolean tend = copies.tendDue(infoHash, Math.floorDiv(now, 1000));
        if (!tend && unconfirmed.get() < MOST_UNCONFIRMED) {
            unconfirmed.incrementAndGet();
            moves.move(times, time(now), key).whenComplete((count, failure) -> {
                unconfirmed.decrementAndGet();
                if (failure != null) {
                    failures.failed(failure, "announce");
                } else if (count != 1) {
                    // The entry had left Redis (expired, or dropped by another instance) before the copy heard of
                    // it: made again, as the announce makes it, should it have expired.
                    inRedis.announce(0).whenComplete((again, failed) -> {
                        if (failed != null) {
                            failures.failed(failed, "announce");
                        }
                    });
                }
            });
            answered.increment();
            return CompletableFuture.completedFuture(copied);
        }
        CompletableFuture<Long> moved = moves.moveNow(times, time(now), key);
        CompletionStage<List<Object>> tended = !tend ? NOTHING_TENDED
                : scripts.run(Script.TEND, SwarmKeys.keys(infoHash, true), tending.arguments(now));
        return failures.of(moved.thenCombine(tended, (count, result) -> {
            // Entries that expired meanwhile leave the copy first; the answer is then made again without them.
            boolean expired = result != null && !((List<?>) result.get(1)).isEmpty();
            if (result != null) {
                news.applied(infoHash, result, 0);
            }
            AnnounceResponse answer = count != 1 ? null
                    : expired ? copies.refresh(request, origin, from, certificate) : copied;
            if (answer != null) {
                answered.increment();
            }
            return answer;
        }).thenCompose(answer -> answer != null ? CompletableFuture.completedFuture(answer)
                // The copy was behind: ask Redis.
                : inRedis.announce(request.numwant())), "announce");
    }

    /** tend.lua's arguments for the swarm at {@code now}. */
    interface Tending {
        byte[][] arguments(long now);
    }

    /** Starts copying a swarm: its entries as Redis has them now (load.lua), then the changes published meanwhile. */
    void load(String infoHash, byte[]... arguments) {
        scripts.run(Script.LOAD, SwarmKeys.keys(infoHash, false), arguments).whenComplete((result, failure) -> {
            if (failure != null) {
                // The next announce of the swarm tries again; until then Redis answers them all.
                copies.loadFailed(infoHash);
                log.debug("could not copy the swarm of {}: {}", infoHash, failure.toString());
                return;
            }
            try {
                news.applied(infoHash, result, 1);
                byte[] change = (byte[]) result.get(3);
                copies.loaded(infoHash, (List<?>) result.get(0), (change[0] & 0xff) << 24 | (change[1] & 0xff) << 16
                        | (change[2] & 0xff) << 8 | change[3] & 0xff);
            } catch (RuntimeException e) {
                copies.loadFailed(infoHash);
                log.warn("could not copy the swarm of {}: {}", infoHash, e.toString());
            }
        });
    }

    /** How many announces were answered from a copy. */
    long answered() {
        return answered.sum();
    }

    /**
     * The time a refresh gives its entry: {@code now} in unix ms, with a fraction of a millisecond that differs from
     * the last 511 refreshes' and from the whole milliseconds announce.lua writes, so that ZADD CH counts the entry as
     * changed even when the same peer announced within the same millisecond (exact in a double: 41 bits of
     * milliseconds and 10 of fraction).
     */
    private double time(long now) {
        return now + ((refreshes.getAndIncrement() & 511) + 1) / 1024.0;
    }
}
