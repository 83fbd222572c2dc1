package dev.qtorrent.client.download;

import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.HaveRequest;
import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.runtime.PieceDigest;
import dev.qtorrent.common.storage.StorageLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the missing pieces of one torrent from every source at once: the peers the tracker lists and, for what no
 * peer holds, the origin. One thread runs the loop and owns all state; the threads that work for it (event loops,
 * the disk thread, the dialer) report through {@link SwarmEvent}s.
 *
 * <p>Each source gets as many requests as its measured rate keeps busy ({@link Source#pipeline}); the picker chooses
 * rarest first. Once every missing piece is requested, a source with room asks for a piece in flight elsewhere too
 * (the endgame, {@link RequestBook#endgame}), and the slower copy is cancelled with a stream reset when the first is
 * verified; their bytes are reported as redundant. A peer that sends {@link Source#BAN_AFTER} pieces failing SHA-1 is
 * banned.
 */
final class SwarmFetch {
    private static final Logger log = LoggerFactory.getLogger(SwarmFetch.class);
    /**
     * How long a piece from a peer may go without data. A peer gets less time than the tracker: the download has
     * other sources, and a peer that went away without a word (killed, unplugged) should not hold its pieces long.
     */
    private static final Duration PEER_STALL = Duration.ofSeconds(5);
    /** How long the origin waits for the first peers' handshakes before it is asked for pieces anyway. */
    private static final long ORIGIN_HOLD_NANOS = 1_000_000_000L;
    /** The longest pause a busy node's retry-after may impose on asking it again. */
    private static final long MAX_BUSY_MS = 10_000;

    private final SwarmContext context;
    private final StorageLayout layout;
    private final PiecePicker picker;
    private final PeerSet peers;
    private final ProgressBook book;
    private final DiskWriter writer;
    private final MessageCodec codec = new MessageCodec();
    private final BlockingQueue<SwarmEvent> events = new LinkedBlockingQueue<>();
    private final RequestBook requests;
    private final TrackerSource tracker;
    private final RatePacer pace;
    private final String infoHash;
    private long stuckSince;
    private final long started = System.nanoTime();
    private long verifiedBytes;
    private final Tally tally = new Tally();

    SwarmFetch(SwarmContext context, StorageLayout layout, BitSet have, ProgressBook book, DiskWriter writer) {
        this.context = context;
        this.layout = layout;
        this.book = book;
        this.writer = writer;
        this.infoHash = context.metainfo().infoHash().hex();
        this.picker = new PiecePicker(layout.pieceCount(), have, new SplittableRandom());
        this.peers = new PeerSet(context.options().maxPeers(), context.peerId(), context.ownCertificate(),
                new PeerDialer(context.identity(), context.settings(), context.connectTimeout(), events::add), picker);
        this.requests = new RequestBook(context.metainfo(), layout, writer, events::add);
        this.tracker = new TrackerSource(context, peers, layout.pieceCount(), codec, events::add);
        this.pace = new RatePacer(context.options().maxBytesPerSecond());
        for (int i = have.nextSetBit(0); i >= 0; i = have.nextSetBit(i + 1)) {
            verifiedBytes += layout.pieceSize(i);
        }
        PieceDigest.loadInBackground(left());
    }

    /** Where the bytes came from, so far. */
    Tally tally() {
        return tally;
    }

    /** Fetches until every piece is verified, starting from the first announce's answer. */
    void all(AnnounceResponse first) throws DownloadException, InterruptedException {
        try {
            context.listener().progress(verifiedBytes, layout.totalLength());
            tracker.announced(first, System.nanoTime());
            while (!picker.complete()) {
                long now = System.nanoTime();
                if (writer.failure() != null) {
                    throw new LocalStorageException(context.partFile(), writer.failure());
                }
                tracker.announceIfDue(left(), downloaded(), now);
                sweep(now);
                long wait = request(now);
                stuck(now);
                SwarmEvent event = events.poll(wait, TimeUnit.MILLISECONDS);
                while (event != null) {
                    handle(event);
                    event = events.poll();
                }
                book.save(false);
                context.listener().swarm(peers.connected().size(), context.sharing().uploaded());
            }
        } finally {
            for (Source source : sources()) {
                source.inFlight().values().forEach(PieceFetch::cancel);
            }
            peers.close();
            log.info("{}", tally);
        }
    }

    private long left() {
        return layout.totalLength() - verifiedBytes;
    }

    private long downloaded() {
        return tally.downloaded();
    }

    /** Notices connections that closed without a word on any stream: the tracker is reached again, a peer dropped. */
    private void sweep(long now) {
        Source origin = tracker.origin();
        if (origin != null && !origin.active()) {
            lost(origin, "the connection closed", now);
        }
        peers.dropClosed(now);
    }

    /** Peers first, so that they take what they hold; the origin, last, gets only what none of them holds. */
    private List<Source> sources() {
        List<Source> all = new ArrayList<>(peers.connected());
        if (tracker.origin() != null) {
            all.add(tracker.origin());
        }
        return all;
    }

    /** Fills every source's pipeline; returns how many milliseconds to wait for events before filling again. */
    private long request(long now) {
        // While the first peers are being dialled, the origin waits a moment if seeds are among them: what they hold
        // it need not send. Without seeds it has pieces nobody else has, and its upload is what the swarm waits on.
        boolean holdOrigin = now - started < ORIGIN_HOLD_NANOS && tracker.otherSeeds() && peers.pending() > 0;
        for (Source source : sources()) {
            if (source.busy(now) || !source.active() || source.origin() && holdOrigin) {
                continue;
            }
            int room = source.pipeline(layout.pieceLength(), context.options().parallel(), now)
                    - source.inFlight().size();
            for (; room > 0; room--) {
                long early = pace.nanosUntilNext();
                if (early > 0) {
                    return Math.max(1, Math.min(200, TimeUnit.NANOSECONDS.toMillis(early)));
                }
                int index = picker.pick(source.offers(now), requests.taken(), source.origin());
                if (index < 0) {
                    index = requests.endgame(source, picker.missing());
                }
                if (index < 0) {
                    break;
                }
                pace.started(layout.pieceSize(index));
                requests.start(source, index, source.origin() || context.options().stallTimeout().compareTo(
                        PEER_STALL) < 0 ? context.options().stallTimeout() : PEER_STALL);
            }
        }
        return 200;
    }

    private void handle(SwarmEvent event) throws DownloadException {
        long now = System.nanoTime();
        if (event instanceof SwarmEvent.Fetched fetched) {
            fetched(fetched.source(), fetched.outcome(), now);
        } else if (event instanceof SwarmEvent.Connected connected) {
            Source source = connected.source();
            if (peers.connected(source, now)) {
                source.connection().send(codec.encodeRequest(new HaveRequest(infoHash)), true,
                        new HaveFeed(codec, source, infoHash, layout.pieceCount(),
                                source.connection().settings().maxResponseHeaderBytes(), events::add));
            }
        } else if (event instanceof SwarmEvent.Unusable unusable) {
            peers.unusable(unusable.peer(), unusable.reason(), now);
        } else if (event instanceof SwarmEvent.Holds holds) {
            peers.holds(holds.source(), holds.pieces());
        } else if (event instanceof SwarmEvent.Has has) {
            peers.has(has.source(), has.index());
        } else if (event instanceof SwarmEvent.FeedEnded ended) {
            // A feed that ends without a reason ended with the peer's last piece: it is a seed now.
            if (ended.reason() != null) {
                peers.drop(ended.source(), ended.reason(), now);
            }
        } else if (event instanceof SwarmEvent.Announced announced) {
            tracker.announced(announced.answer(), now);
        } else if (event instanceof SwarmEvent.Joined joined) {
            tracker.joined(joined.peer(), now);
        } else if (event instanceof SwarmEvent.WatchEnded watchEnded) {
            tracker.watchEnded(watchEnded.reason());
        } else if (event instanceof SwarmEvent.AnnounceFailed failed) {
            tracker.announceFailed(failed.failure(), left(), downloaded(), now);
        } else if (event instanceof SwarmEvent.Reconnecting reconnecting) {
            context.listener().reconnecting(reconnecting.tracker(), reconnecting.reason(), reconnecting.delay());
        } else if (event instanceof SwarmEvent.TrackerBack back) {
            tracker.back(back.connection(), now);
        } else if (event instanceof SwarmEvent.TrackerGone gone) {
            tracker.gone(gone.failure(), now);
        }
    }

    private void fetched(Source source, PieceFetch.Outcome outcome, long now) throws DownloadException {
        int index = outcome.index();
        requests.ended(source, index);
        boolean current = source == tracker.origin() || peers.isConnected(source);
        switch (outcome.kind()) {
            case DONE -> {
                verified(source, index, now);
                return;
            }
            case DUPLICATE, CANCELLED -> {
                tally.redundant(outcome.received());
                return;
            }
            case BUSY -> {
                RemoteErrorException busy = (RemoteErrorException) outcome.failure();
                long retry = TimeUnit.MILLISECONDS.toNanos(Math.min(busy.retryAfterMs(), MAX_BUSY_MS));
                if (busy.pieceOnly()) {
                    // The origin is sending that piece to a peer: it comes from there, or from the origin later.
                    source.deferFor(index, retry, now);
                } else {
                    source.busyFor(retry, now);
                }
                return;
            }
            case REFUSED -> {
                RemoteErrorException refusal = (RemoteErrorException) outcome.failure();
                if (source.origin()) {
                    throw refusal;
                } else if (refusal.code() == ErrorCode.PIECE_NOT_AVAILABLE) {
                    peers.lacks(source, index);
                } else {
                    peers.drop(source, refusal.getMessage(), now);
                }
                return;
            }
            case STALLED -> {
                // Silence on one stream usually means a dead connection that QUIC has not noticed yet.
                if (current) {
                    lost(source, outcome.failure().getMessage(), now);
                }
                return;
            }
            case STREAM -> {
                if (!current || !source.active()) {
                    // Cut off with its connection, not the piece's fault: the attempt does not count.
                    lost(source, "the connection closed", now);
                    return;
                }
            }
            case CORRUPT -> {
                if (!source.origin() && source.corrupt()) {
                    peers.ban(source, now);
                }
            }
        }
        context.listener().pieceFailed(index, outcome.attempt(), outcome.failure().getMessage());
        log.warn("attempt {} of piece {} failed: {}", outcome.attempt(), index, outcome.failure().getMessage());
        if (requests.failed(index) >= context.options().maxAttempts()) {
            throw new VerificationException("piece " + index + " failed " + context.options().maxAttempts()
                    + " times; last: " + outcome.failure().getMessage());
        }
        tally.retried();
    }

    private void verified(Source source, int index, long now) {
        long size = layout.pieceSize(index);
        picker.verified(index);
        verifiedBytes += size;
        source.verified(size, now);
        tally.verified(source, size);
        context.listener().progress(verifiedBytes, layout.totalLength());
        writer.afterQueuedWrites(() -> {
            book.written(index);
            context.sharing().stored(index);
        });
        for (Source other : sources()) {
            PieceFetch loser = other.inFlight().get(index);
            if (loser != null) {
                loser.cancel();
            }
        }
    }

    /** A source's connection is gone: a peer is dropped, the tracker reached again in the background. */
    private void lost(Source source, String reason, long now) {
        if (!source.origin()) {
            peers.drop(source, reason, now);
        } else if (source == tracker.origin()) {
            tracker.lost(reason, left(), downloaded());
        }
    }

    /**
     * Ends a download that cannot go on: no origin, no peer holding a missing piece, nobody being dialled or
     * reconnected, for the stall timeout, though it asked the tracker for peers every few seconds meanwhile.
     */
    private void stuck(long now) throws RemoteErrorException {
        if (tracker.origin() != null || tracker.reconnecting() || peers.mayServe(picker.missing())) {
            stuckSince = 0;
            return;
        }
        tracker.wantPeers(now);
        if (stuckSince == 0) {
            stuckSince = now;
        } else if (now - stuckSince > context.options().stallTimeout().toNanos()) {
            throw new RemoteErrorException("no source has the missing pieces: the tracker "
                    + (tracker.seeds() ? "is unreachable" : "only tracks this torrent") + ", and "
                    + (peers.connected().isEmpty() ? "no peer that holds them is online"
                    : "none of the " + peers.connected().size() + " peers connected holds them"),
                    ErrorCode.PIECE_NOT_AVAILABLE);
        }
    }
}
