package dev.qtorrent.tracker.swarm.redis;

import dev.qtorrent.common.message.ProtocolException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

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

    private final String address;

    StoreFailures(String address) {
        this.address = address;
    }

    String address() {
        return address;
    }

    /** Reconnects soon after Redis is back: tries grow from 50 ms to at most the retry-after askers are told. */
    ClientResources clientResources() {
        return DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), RETRY_AFTER, 2, TimeUnit.MILLISECONDS))
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
        return stage.exceptionallyCompose(failure -> CompletableFuture.failedFuture(refusal(failure, what)));
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
                : cause.getMessage());
        return ProtocolException.unavailable("the tracker's swarm store (Redis at " + address + ") " + why
                + "; ask again in " + RETRY_AFTER.toMillis() + " ms", RETRY_AFTER, cause);
    }
}
