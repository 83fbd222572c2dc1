package dev.qtorrent.tracker.swarm.redis;

import dev.qtorrent.tracker.swarm.SwarmTotals;
import dev.qtorrent.tracker.swarm.redis.SwarmScripts.Script;
import io.lettuce.core.Range;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One pass over every swarm in Redis: forgets swarms nobody announced to for an entry's lifetime (their keys have
 * expired), runs the sweep script on the others, a batch at a time, and from their answers keeps the totals and
 * replaces the serving view. Instances sweeping at once only repeat each other's work.
 */
final class RedisSweep {
    /** Swarms swept at once: pipelined on the connection, without holding Redis for long. */
    private static final int BATCH = 500;

    private final RedisAsyncCommands<byte[], byte[]> redis;
    private final SwarmScripts scripts;
    private final SwarmFeed news;
    private volatile SwarmTotals totals = new SwarmTotals(0, 0, 0);

    RedisSweep(RedisAsyncCommands<byte[], byte[]> redis, SwarmScripts scripts, SwarmFeed news) {
        this.redis = redis;
        this.scripts = scripts;
        this.news = news;
    }

    SwarmTotals totals() {
        return totals;
    }

    /**
     * @param forgetBefore swarms last announced to before this (unix seconds) are gone
     * @param oldestKept   entries last seen before this are expired
     * @return the entries dropped
     */
    int run(long forgetBefore, long oldestKept) {
        wait(redis.zremrangebyscore(SwarmKeys.SWARMS, Range.create(Double.NEGATIVE_INFINITY,
                (double) forgetBefore - 1)).toCompletableFuture());
        List<byte[]> swarms = wait(redis.zrange(SwarmKeys.SWARMS, 0, -1).toCompletableFuture());
        int dropped = 0;
        int live = 0;
        long seeds = 0;
        long leechers = 0;
        Set<String> seen = new HashSet<>();
        for (int from = 0; from < swarms.size(); from += BATCH) {
            List<String> batch = new ArrayList<>();
            List<CompletableFuture<List<Object>>> answers = new ArrayList<>();
            for (byte[] hash : swarms.subList(from, Math.min(from + BATCH, swarms.size()))) {
                String infoHash = new String(hash, StandardCharsets.US_ASCII);
                batch.add(infoHash);
                answers.add(scripts.run(Script.SWEEP, SwarmKeys.keys(infoHash, false),
                        SwarmKeys.number(oldestKept), SwarmFeed.CHANNEL_BYTES, news.prefix(infoHash))
                        .toCompletableFuture());
            }
            for (int i = 0; i < batch.size(); i++) {
                String infoHash = batch.get(i);
                List<Object> answer = wait(answers.get(i));
                long s = (Long) answer.get(0);
                long l = (Long) answer.get(1);
                List<?> lines = (List<?>) answer.get(3);
                dropped += lines.size();
                news.applied(infoHash, answer, 3);
                Map<String, Integer> serving = new HashMap<>();
                for (Object certificate : (List<?>) answer.get(2)) {
                    serving.merge(SwarmEntries.certificateHex((byte[]) certificate), 1, Integer::sum);
                }
                news.mirror().replace(infoHash, serving);
                if (s + l > 0) {
                    live++;
                    seeds += s;
                    leechers += l;
                    seen.add(infoHash);
                }
            }
        }
        news.mirror().retain(seen);
        totals = new SwarmTotals(live, seeds, leechers);
        return dropped;
    }

    private static <T> T wait(CompletableFuture<T> answer) {
        try {
            return answer.get(StoreFailures.CALL_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the swarm sweep could not reach Redis: " + e.getMessage(), e);
        }
    }
}
