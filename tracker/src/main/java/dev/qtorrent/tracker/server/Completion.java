package dev.qtorrent.tracker.server;

import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Runs the rest of a request once the swarm store has answered: at once when the answer is ready (the in-memory
 * store), else later on the stream's event loop, which meanwhile serves other streams. A failure, then or later,
 * goes to the stream's error tail as a throw from the handler would.
 */
final class Completion {
    private Completion() {
    }

    static <T> void then(ChannelHandlerContext ctx, CompletionStage<T> stage, Consumer<T> rest) {
        CompletableFuture<T> answer = stage.toCompletableFuture();
        if (answer.isDone() && ctx.executor().inEventLoop()) {
            rest.accept(now(answer));
            return;
        }
        answer.whenComplete((value, failure) -> ctx.executor().execute(() -> {
            if (!ctx.channel().isActive()) {
                return; // The asker reset the stream or left while the store answered: nobody to answer.
            }
            try {
                if (failure != null) {
                    throw unwrap(failure);
                }
                rest.accept(value);
            } catch (Throwable refusal) {
                ctx.fireExceptionCaught(refusal);
            }
        }));
    }

    private static <T> T now(CompletableFuture<T> answer) {
        try {
            return answer.join();
        } catch (CompletionException e) {
            Throwable cause = unwrap(e);
            if (cause instanceof RuntimeException refusal) {
                throw refusal;
            }
            throw e;
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
