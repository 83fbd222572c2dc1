package dev.qtorrent.client.download;

import dev.qtorrent.common.storage.PieceStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.BitSet;
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
    /**
     * Pieces whose bytes on disk are verified, touched only on the disk thread: later copies of them (from a second
     * source in the endgame) are hashed but never written over them.
     */
    private final BitSet settled = new BitSet();
    /** Written only by the event loop, read once the download is over. */
    private volatile long firstByteNanos;
    /** The first piece byte's wall-clock time, so the log tells how long after its start a process got there. */
    private volatile long firstByteEpochMillis;
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
            firstByteEpochMillis = System.currentTimeMillis();
        }
        receivedBytes += bytes;
        lastByteNanos = now;
    }

    /** An empty block to copy received bytes into: a reused one when there is one. */
    ByteBuffer takeBlock() {
        ByteBuffer block = freeBlocks.poll();
        return block != null ? block : PieceStore.allocateBlock(BLOCK_BYTES);
    }

    /** Returns a block that was taken but will not be written. */
    void giveBack(ByteBuffer block) {
        freeBlocks.add(block.clear());
    }

    /** How the check of one received copy of a piece ended. */
    enum Verdict {
        /** The copy matches and its bytes are the piece's on disk. */
        GOOD,
        /** The copy does not match; it changed nothing on disk if the piece was already verified. */
        BAD,
        /** The copy matches, but another copy of the piece was verified first: it was redundant. */
        ALREADY
    }

    /** A block of a copy that is written only once the copy is verified, and where it goes. */
    record HeldBlock(long torrentOffset, ByteBuffer block) {
    }

    /**
     * Queues a block of piece {@code index} (from its position to its limit) for {@code torrentOffset}: it is added to
     * {@code sha1}, then written, unless the piece is already verified or {@code held} is given, in which case the
     * block waits in {@code held} for the copy's check. Blocks of one copy must be queued in order.
     *
     * <p>A first copy is written as it arrives, so memory stays small; a second copy of the same piece (the endgame)
     * is held, so that a lying source racing an honest one can never overwrite verified bytes.
     */
    void write(int index, long torrentOffset, ByteBuffer block, MessageDigest sha1, List<HeldBlock> held) {
        int bytes = block.remaining();
        pending.addAndGet(bytes);
        try {
            thread.execute(() -> hashAndWrite(index, torrentOffset, block, bytes, sha1, held));
        } catch (RejectedExecutionException e) {
            // The download has already ended; late bytes from streams still closing are dropped.
            pending.addAndGet(-bytes);
        }
    }

    private void hashAndWrite(int index, long torrentOffset, ByteBuffer block, int bytes, MessageDigest sha1,
                              List<HeldBlock> held) {
        boolean keep = false;
        try {
            sha1.update(block.duplicate());
            if (held != null) {
                held.add(new HeldBlock(torrentOffset, block));
                keep = true;
            } else if (!settled.get(index)) {
                writeFully(torrentOffset, block);
            }
        } catch (IOException | RuntimeException e) {
            failure.compareAndSet(null, e instanceof IOException io ? io : new IOException(e));
        } finally {
            if (!keep) {
                giveBack(block);
            }
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

    private void writeFully(long torrentOffset, ByteBuffer block) throws IOException {
        long position = torrentOffset;
        while (block.hasRemaining() && failure.get() == null) {
            int before = block.remaining();
            store.write(position, block);
            position += before - block.remaining();
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
     * Queues the check of a copy of piece {@code index} after its last block: {@code result} gets its verdict on the
     * disk thread. A held copy that matches is written then, unless another copy was verified first.
     */
    void verify(int index, MessageDigest sha1, byte[] expected, List<HeldBlock> held, Consumer<Verdict> result) {
        try {
            thread.execute(() -> result.accept(settle(index, MessageDigest.isEqual(sha1.digest(), expected), held)));
        } catch (RejectedExecutionException e) {
            // Closed: the download is over and nothing waits for the result.
            release(held);
        }
    }

    private Verdict settle(int index, boolean matches, List<HeldBlock> held) {
        Verdict verdict = !matches ? Verdict.BAD : settled.get(index) ? Verdict.ALREADY : Verdict.GOOD;
        if (verdict == Verdict.GOOD && held != null) {
            try {
                for (HeldBlock block : held) {
                    writeFully(block.torrentOffset(), block.block());
                }
            } catch (IOException | RuntimeException e) {
                failure.compareAndSet(null, e instanceof IOException io ? io : new IOException(e));
            }
        }
        if (verdict == Verdict.GOOD) {
            settled.set(index);
        }
        release(held);
        return verdict;
    }

    /** Returns a held copy's blocks to the pool; on the disk thread, or once it has stopped. */
    void release(List<HeldBlock> held) {
        if (held != null) {
            held.forEach(block -> giveBack(block.block()));
            held.clear();
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
        log.info("data phase: {} bytes in {} ns from the first byte at {}", receivedBytes,
                lastByteNanos - firstByteNanos, java.time.Instant.ofEpochMilli(firstByteEpochMillis));
    }

    @Override
    public void close() throws InterruptedException {
        thread.shutdown();
        forcer.shutdown();
        thread.awaitTermination(30, TimeUnit.SECONDS);
        forcer.awaitTermination(30, TimeUnit.SECONDS);
    }
}
