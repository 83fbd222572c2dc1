package dev.qtorrent.peer.serve;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices when the server's socket or event loop dies on its own, and says why once: a node that cannot serve any
 * more should stop rather than look alive. Failures while the server is being closed are expected and ignored.
 */
final class FailureWatch {
    private static final Logger log = LoggerFactory.getLogger(FailureWatch.class);

    private final String role;
    private final CompletableFuture<String> failure = new CompletableFuture<>();
    private volatile boolean closing;

    /** @param role what the server is, for the log: "tracker" */
    FailureWatch(String role) {
        this.role = role;
    }

    /** Completes with the reason when the server dies while it is not being closed. */
    CompletableFuture<String> failure() {
        return failure;
    }

    /** From now on, the socket and event loop ending is the plan, not a failure. */
    void closing() {
        closing = true;
    }

    void died(String reason) {
        if (!closing && failure.complete(reason)) {
            log.error("the {} cannot serve any more: {}", role, reason);
        }
    }

    /** The event loop's thread, which reports an error that ends it instead of dying in silence. */
    ThreadFactory eventLoopThreads() {
        // Netty's factory makes FastThreadLocalThreads, which its buffers and QUIC code run faster on.
        ThreadFactory netty = new DefaultThreadFactory(role + "-event-loop");
        return task -> {
            Thread thread = netty.newThread(task);
            thread.setUncaughtExceptionHandler((t, e) -> died("the event loop thread died: " + e));
            return thread;
        };
    }

    /**
     * Last on the UDP channel: an {@link Error} that reaches it (a class that cannot be loaded because the jar was
     * replaced, memory exhausted) leaves the codec in an unknown state, so the server stops rather than limp on.
     */
    ChannelInboundHandlerAdapter fatalErrors() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                if (cause instanceof Error) {
                    died("error on the event loop: " + cause);
                } else {
                    log.warn("UDP channel error: {}", cause.toString());
                }
            }
        };
    }
}
