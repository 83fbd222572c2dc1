package dev.qtorrent.tracker.swarm.redis;

import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ProtocolException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a request gets while Redis is down or slow: {@code unavailable}, naming Redis's address and what failed, with
 * a {@code retry_after_ms}. Each call waits at most {@link #CALL_TIMEOUT}, and calls made while the connection is down
 * fail at once rather than queue, so answers never wait long; Lettuce reconnects by itself, and the next requests
 * succeed once Redis is back.
 */
final class StoreFailures {
    /** Long enough for a loaded Redis, short enough that a client's announce does not time out first. */
    static final Duration CALL_TIMEOUT = Duration.ofMillis(1500);
    /** What askers are told to wait: about how long Lettuce takes to notice Redis is back. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(StoreFailures.class);

    private final String address;
    /** Whether the last answer failed: an outage is logged when it begins and when it ends, not per request. */
    private final AtomicBoolean failing = new AtomicBoolean();

    StoreFailures(String address) {
        this.address = address;
    }

    String address() {
        return address;
    }

    /**
     * Reconnects soon after Redis is back: tries grow from 50 ms to at most the retry-after askers are told. Commands
     * that reach a connection's thread together leave in one write: each command is flushed on its own, and at
     * thousands of announces a second one system call (and one read in Redis) per command would cost more than the
     * command itself.
     */
    ClientResources clientResources() {
        return DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), RETRY_AFTER, 2, TimeUnit.MILLISECONDS))
                .nettyCustomizer(new NettyCustomizer() {
                    @Override
                    public void afterChannelInitialized(Channel channel) {
                        channel.pipeline().addFirst(new FlushConsolidationHandler(
                                FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
                    }
                })
                .build();
    }

    ClientOptions clientOptions() {
        return ClientOptions.builder()
                .timeoutOptions(TimeoutOptions.enabled(CALL_TIMEOUT))
                .socketOptions(SocketOptions.builder().connectTimeout(CALL_TIMEOUT).build())
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .autoReconnect(true)
                .build();
    }

    /** {@code stage}, its failures other than refusals turned into {@code unavailable} for {@code what}. */
    <T> CompletionStage<T> of(CompletionStage<T> stage, String what) {
        return stage.handle((answer, failure) -> {
            if (failure == null) {
                if (failing.compareAndSet(true, false)) {
                    log.info("the swarm store (Redis at {}) answers again", address);
                }
                return CompletableFuture.completedFuture(answer);
            }
            ProtocolException refusal = refusal(failure, what);
            if (refusal.code() == ErrorCode.UNAVAILABLE && failing.compareAndSet(false, true)) {
                log.warn("{}; answering unavailable until it is back", refusal.getMessage());
            }
            return CompletableFuture.<T>failedFuture(refusal);
        }).thenCompose(next -> next);
    }

    /** Whether the last answer from Redis was a failure: calls are then waited for, so that askers hear of it. */
    boolean failing() {
        return failing.get();
    }

    /** A failure of a call that nobody waits for, noted as {@link #of} notes one. */
    void failed(Throwable failure, String what) {
        ProtocolException refusal = refusal(failure, what);
        if (refusal.code() == ErrorCode.UNAVAILABLE && failing.compareAndSet(false, true)) {
            log.warn("{}; answering unavailable until it is back", refusal.getMessage());
        }
    }

    ProtocolException refusal(Throwable failure, String what) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof ProtocolException refusal) {
            return refusal;
        }
        String why = cause instanceof RedisCommandTimeoutException
                ? "did not answer the " + what + " within " + CALL_TIMEOUT.toMillis() + " ms"
                : "failed the " + what + ": " + (cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getMessage().replaceAll("[.\\s]+$", ""));
        return ProtocolException.unavailable("the tracker's swarm store (Redis at " + address + ") " + why
                + "; ask again in " + RETRY_AFTER.toMillis() + " ms", RETRY_AFTER, cause);
    }
}
