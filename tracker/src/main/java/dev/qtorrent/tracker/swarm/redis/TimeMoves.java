package dev.qtorrent.tracker.swarm.redis;

import io.lettuce.core.ZAddArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.internal.ThreadExecutorMap;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The ZADDs that move refreshed entries' times in Redis, written to the connection a batch at a time: those an event
 * loop makes while it handles one burst of datagrams go out together when it is done, in one write and one hand-over
 * to the connection's thread, rather than each on its own (a hand-over and a wake-up per announce were most of what
 * an announce answered from a copy cost). Each ZADD keeps its own reply. Called from elsewhere than an event loop, a
 * ZADD goes out at once.
 */
final class TimeMoves {
    /** Moves an entry's time only if the entry is there, and counts it as changed. */
    private static final ZAddArgs MOVE_TIME = ZAddArgs.Builder.xx().ch();

    private final StatefulConnection<byte[], byte[]> connection;
    private final FastThreadLocal<Batch> batches = new FastThreadLocal<>() {
        @Override
        protected Batch initialValue() {
            return new Batch();
        }
    };

    TimeMoves(StatefulConnection<byte[], byte[]> connection) {
        this.connection = connection;
    }

    /**
     * Sets the time of {@code key} in the sorted set {@code times} if it is there, with the other moves of this event
     * loop's burst; completes with 1 if it was.
     */
    CompletableFuture<Long> move(byte[] times, double time, byte[] key) {
        AsyncCommand<byte[], byte[], Long> command = command(times, time, key);
        // The event loop running this thread, if any: Netty records it for every loop it starts.
        EventExecutor loop = ThreadExecutorMap.currentExecutor();
        if (loop == null || !loop.inEventLoop()) {
            connection.dispatch(command);
            return command;
        }
        Batch batch = batches.get();
        if (batch.commands.isEmpty()) {
            // Runs once the loop has handled what it read: after every announce of this burst.
            loop.execute(batch::send);
        }
        batch.commands.add(command);
        return command;
    }

    /** As {@link #move}, written at once: for an announce that waits for its reply together with another command. */
    CompletableFuture<Long> moveNow(byte[] times, double time, byte[] key) {
        AsyncCommand<byte[], byte[], Long> command = command(times, time, key);
        connection.dispatch(command);
        return command;
    }

    private static AsyncCommand<byte[], byte[], Long> command(byte[] times, double time, byte[] key) {
        CommandArgs<byte[], byte[]> args = new CommandArgs<>(ByteArrayCodec.INSTANCE).addKey(times);
        MOVE_TIME.build(args);
        args.add(time).addValue(key);
        return new AsyncCommand<>(new Command<>(CommandType.ZADD, new IntegerOutput<>(ByteArrayCodec.INSTANCE), args));
    }

    /** One event loop's ZADDs not yet written. */
    private final class Batch {
        private List<RedisCommand<byte[], byte[], ?>> commands = new ArrayList<>();

        void send() {
            List<RedisCommand<byte[], byte[], ?>> ready = commands;
            commands = new ArrayList<>();
            connection.dispatch(ready);
        }
    }
}
