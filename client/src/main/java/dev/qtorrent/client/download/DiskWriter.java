package dev.qtorrent.client.download;

import dev.qtorrent.common.storage.PieceStore;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes received bytes into the part file on its own thread, so the QUIC event loop never waits on the disk. When
 * more than {@link #HIGH_WATER} bytes are queued, streams stop reading (which stops QUIC flow-control credit, and so
 * the sender) until the queue drains below {@link #LOW_WATER}: memory stays bounded whatever the file size.
 */
final class DiskWriter implements AutoCloseable {
    static final long HIGH_WATER = 32L << 20;
    static final long LOW_WATER = 8L << 20;

    private final PieceStore store;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
        Thread t = new Thread(task, "client-disk");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong pending = new AtomicLong();
    private final AtomicReference<IOException> failure = new AtomicReference<>();
    private final List<Channel> paused = new ArrayList<>();

    DiskWriter(PieceStore store) {
        this.store = store;
    }

    /** Queues {@code data} (ownership passes to the writer) for {@code torrentOffset}. */
    void write(long torrentOffset, ByteBuf data) {
        int length = data.readableBytes();
        pending.addAndGet(length);
        Runnable task = () -> {
            try {
                if (failure.get() == null) {
                    ByteBuffer source = data.nioBuffer();
                    long position = torrentOffset;
                    while (source.hasRemaining()) {
                        int before = source.remaining();
                        store.write(position, source);
                        position += before - source.remaining();
                    }
                }
            } catch (IOException e) {
                failure.compareAndSet(null, e);
            } finally {
                data.release();
                if (pending.addAndGet(-length) < LOW_WATER) {
                    resumeAll();
                }
            }
        };
        try {
            thread.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // The download has already ended; late bytes from streams still closing are dropped.
            data.release();
            pending.addAndGet(-length);
        }
    }

    /** Runs {@code action} on the disk thread once every write queued so far is done. */
    void afterQueuedWrites(Runnable action) {
        try {
            thread.execute(action);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Closed: the download is over and nothing waits for the action.
        }
    }

    /** Whether a stream should stop reading; if so, it is resumed once the queue drains. */
    boolean pauseIfBacklogged(Channel stream) {
        if (pending.get() <= HIGH_WATER) {
            return false;
        }
        synchronized (paused) {
            stream.config().setAutoRead(false);
            paused.add(stream);
        }
        if (pending.get() < LOW_WATER) {
            resumeAll();
        }
        return true;
    }

    private void resumeAll() {
        List<Channel> resume;
        synchronized (paused) {
            if (paused.isEmpty()) {
                return;
            }
            resume = new ArrayList<>(paused);
            paused.clear();
        }
        for (Channel stream : resume) {
            stream.eventLoop().execute(() -> stream.config().setAutoRead(true));
        }
    }

    /** The first write error, if any. */
    IOException failure() {
        return failure.get();
    }

    /** Waits for every queued write, then forces the data to the device. */
    void flush() throws IOException, InterruptedException {
        try {
            thread.submit(() -> null).get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause());
        }
        IOException error = failure.get();
        if (error != null) {
            throw error;
        }
        store.force();
    }

    @Override
    public void close() throws InterruptedException {
        thread.shutdown();
        thread.awaitTermination(30, TimeUnit.SECONDS);
    }
}
