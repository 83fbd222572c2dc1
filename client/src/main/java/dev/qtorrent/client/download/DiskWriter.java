package dev.qtorrent.client.download;

import dev.qtorrent.common.storage.PieceStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hashes and writes received piece bytes on its own thread, so the QUIC event loop, which is the download's
 * bottleneck, only fills blocks (see {@link PieceFetch}). Blocks of {@link #BLOCK_BYTES} come from a small pool and are
 * reused; the blocks of one piece are hashed in order, then written with one positional write each, and the piece's
 * check is queued after its last block. When more than {@link #HIGH_WATER} bytes are queued, streams stop reading
 * (which stops QUIC flow-control credit, and so the sender) until the queue drains below {@link #LOW_WATER}: memory
 * stays bounded whatever the file size. Written data is forced to the device every {@link #FORCE_EVERY} bytes in the
 * background, so the final flush has little left to do.
 */
final class DiskWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DiskWriter.class);
    static final int BLOCK_BYTES = 256 << 10;
    static final long HIGH_WATER = 16L << 20;
    static final long LOW_WATER = 4L << 20;
    static final long FORCE_EVERY = 64L << 20;

    private final PieceStore store;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> daemon(task, "client-disk"));
    private final ExecutorService forcer = Executors.newSingleThreadExecutor(task -> daemon(task, "client-sync"));
    private final AtomicLong pending = new AtomicLong();
    private final AtomicReference<IOException> failure = new AtomicReference<>();
    private final AtomicBoolean forcing = new AtomicBoolean();
    /** Whoever stopped reading because of the backlog, to be told when it has drained. */
    private final List<Runnable> waiting = new ArrayList<>();
    private final Queue<ByteBuffer> freeBlocks = new ConcurrentLinkedQueue<>();
    /** Touched only on the disk thread. */
    private long unforced;
    /** Written only by the event loop, read once the download is over. */
    private volatile long firstByteNanos;
    private volatile long lastByteNanos;
    private volatile long receivedBytes;

    DiskWriter(PieceStore store) {
        this.store = store;
    }

    private static Thread daemon(Runnable task, String name) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        return t;
    }

    /** Notes that {@code bytes} piece bytes just arrived, for the data-phase timing in the log. */
    void received(int bytes) {
        long now = System.nanoTime();
        if (receivedBytes == 0) {
            firstByteNanos = now;
        }
        receivedBytes += bytes;
        lastByteNanos = now;
    }

    /** An empty block to copy received bytes into: a reused one when there is one. */
    ByteBuffer takeBlock() {
        ByteBuffer block = freeBlocks.poll();
        return block != null ? block : ByteBuffer.allocateDirect(BLOCK_BYTES);
    }

    /** Returns a block that was taken but will not be written. */
    void giveBack(ByteBuffer block) {
        freeBlocks.add(block.clear());
    }

    /**
     * Queues a block of a piece's bytes (from its position to its limit) for {@code torrentOffset}: they are added to
     * {@code sha1} and written, and the block goes back to the pool. Blocks of one piece must be queued in order.
     */
    void write(long torrentOffset, ByteBuffer block, MessageDigest sha1) {
        int bytes = block.remaining();
        pending.addAndGet(bytes);
        try {
            thread.execute(() -> hashAndWrite(torrentOffset, block, bytes, sha1));
        } catch (RejectedExecutionException e) {
            // The download has already ended; late bytes from streams still closing are dropped.
            pending.addAndGet(-bytes);
        }
    }

    private void hashAndWrite(long torrentOffset, ByteBuffer block, int bytes, MessageDigest sha1) {
        try {
            sha1.update(block.duplicate());
            long position = torrentOffset;
            while (block.hasRemaining() && failure.get() == null) {
                int before = block.remaining();
                store.write(position, block);
                position += before - block.remaining();
            }
        } catch (IOException | RuntimeException e) {
            failure.compareAndSet(null, e instanceof IOException io ? io : new IOException(e));
        } finally {
            giveBack(block);
            if (pending.addAndGet(-bytes) < LOW_WATER) {
                resumeAll();
            }
        }
        unforced += bytes;
        if (unforced >= FORCE_EVERY && forcing.compareAndSet(false, true)) {
            unforced = 0;
            forceInBackground();
        }
    }

    /** Starts writing back what is on its way to the device, so that the final force finds little to do. */
    private void forceInBackground() {
        try {
            forcer.execute(() -> {
                try {
                    store.force();
                } catch (IOException e) {
                    failure.compareAndSet(null, e);
                } finally {
                    forcing.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            forcing.set(false);
        }
    }

    /**
     * Queues the check of a piece after its last batch: {@code result} gets whether {@code sha1} matches
     * {@code expected}, on the disk thread.
     */
    void verify(MessageDigest sha1, byte[] expected, Consumer<Boolean> result) {
        try {
            thread.execute(() -> result.accept(MessageDigest.isEqual(sha1.digest(), expected)));
        } catch (RejectedExecutionException e) {
            // Closed: the download is over and nothing waits for the result.
        }
    }

    /** Runs {@code action} on the disk thread once every write queued so far is done. */
    void afterQueuedWrites(Runnable action) {
        try {
            thread.execute(action);
        } catch (RejectedExecutionException e) {
            // Closed: the download is over and nothing waits for the action.
        }
    }

    /**
     * Whether the backlog is too long for more reading; if so, {@code resume} runs (on the disk thread) once it has
     * drained below {@link #LOW_WATER}.
     */
    boolean pauseIfBacklogged(Runnable resume) {
        if (pending.get() <= HIGH_WATER) {
            return false;
        }
        synchronized (waiting) {
            waiting.add(resume);
        }
        if (pending.get() < LOW_WATER) {
            resumeAll();
        }
        return true;
    }

    private void resumeAll() {
        List<Runnable> resume;
        synchronized (waiting) {
            if (waiting.isEmpty()) {
                return;
            }
            resume = new ArrayList<>(waiting);
            waiting.clear();
        }
        resume.forEach(Runnable::run);
    }

    /** The first write error, if any. */
    IOException failure() {
        return failure.get();
    }

    /** Waits for every queued write, then forces the data to the device. */
    void flush() throws IOException, InterruptedException {
        try {
            thread.submit(() -> null).get();
            forcer.submit(() -> null).get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause());
        }
        IOException error = failure.get();
        if (error != null) {
            throw error;
        }
        store.force();
        log.info("data phase: {} bytes in {} ns", receivedBytes, lastByteNanos - firstByteNanos);
    }

    @Override
    public void close() throws InterruptedException {
        thread.shutdown();
        forcer.shutdown();
        thread.awaitTermination(30, TimeUnit.SECONDS);
        forcer.awaitTermination(30, TimeUnit.SECONDS);
    }
}
