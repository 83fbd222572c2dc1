package dev.qtorrent.client.download;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.HaveRequest;
import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.PieceRequest;
import dev.qtorrent.common.storage.StorageLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
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
 * (the endgame), and the slower copy is cancelled with a stream reset when the first is verified; their bytes are
 * reported as redundant. A peer that sends {@link Source#BAN_AFTER} pieces failing SHA-1 is banned.
 */
final class SwarmFetch {
    private static final Logger log = LoggerFactory.getLogger(SwarmFetch.class);
    /** The first re-announce while the download wants more peers; it doubles up to the tracker's interval. */
    private static final long FIRST_REANNOUNCE_NANOS = 1_000_000_000L;
    private static final long MAX_REANNOUNCE_NANOS = 30_000_000_000L;
    private static final Duration PEER_STALL = Duration.ofSeconds(5);
    /** The longest pause a busy node's retry-after may impose on asking it again. */
    private static final long MAX_BUSY_MS = 10_000;

    private final SwarmContext context;
    private final StorageLayout layout;
    private final PiecePicker picker;
    private final PeerSet peers;
    private final ProgressBook book;
    private final DiskWriter writer;
    private final MessageCodec codec = new MessageCodec();
    private final BlockingQueue<SwarmEvent> events;
    private final RatePacer pace;
    private final String infoHash;
    /** Copies of each piece in flight, over all sources, and when the newest was requested. */
    private final int[] copies;
    private final BitSet taken;
    private final int[] failures;
    private Source origin;
    private boolean originListed;
    private long nextAnnounce;
    private long reannounceDelay = FIRST_REANNOUNCE_NANOS;
    private long announceInterval;
    private boolean announcing;
    private long stuckSince;
    private long verifiedBytes;
    private long fromOrigin;
    private long fromPeers;
    private long redundant;
    private int peersUsed;
    int retries;

    SwarmFetch(SwarmContext context, StorageLayout layout, BitSet have, ProgressBook book, DiskWriter writer) {
        this.context = context;
        this.layout = layout;
        this.book = book;
        this.writer = writer;
        this.infoHash = context.metainfo().infoHash().hex();
        this.events = new LinkedBlockingQueue<>();
        this.picker = new PiecePicker(layout.pieceCount(), have, new java.util.SplittableRandom());
        this.peers = new PeerSet(context.options().maxPeers(), context.peerId(), context.ownCertificate(),
                new PeerDialer(context.identity(), context.settings(), context.connectTimeout(), events::add), picker);
        this.pace = new RatePacer(context.options().maxBytesPerSecond());
        this.copies = new int[layout.pieceCount()];
        this.taken = new BitSet(layout.pieceCount());
        this.failures = new int[layout.pieceCount()];
        this.verifiedBytes = bytes(have);
    }

    long fromOrigin() {
        return fromOrigin;
    }

    long fromPeers() {
        return fromPeers;
    }

    /** Fetches until every piece is verified, starting from the first announce's answer. */
    void all(AnnounceResponse first) throws DownloadException, InterruptedException {
        try {
            context.listener().progress(verifiedBytes, layout.totalLength());
            announced(first, System.nanoTime());
            while (!picker.complete()) {
                long now = System.nanoTime();
                if (writer.failure() != null) {
                    throw new LocalStorageException(context.partFile(), writer.failure());
                }
                if (now - nextAnnounce >= 0 && !announcing && !context.tracker().reconnecting()) {
                    announcing = true;
                    context.tracker().announceLater(context.request(null, left(), downloaded()),
                            context.options().stallTimeout(), events::add);
                }
                sweep(now);
                long wait = Math.min(200, request(now));
                stuck(now);
                SwarmEvent event = events.poll(Math.max(1, wait), TimeUnit.MILLISECONDS);
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
            log.info("received {} bytes from the tracker and {} bytes from {} peers; redundant bytes: {}",
                    fromOrigin, fromPeers, peersUsed, redundant);
        }
    }

    private long left() {
        return layout.totalLength() - verifiedBytes;
    }

    private long downloaded() {
        return fromOrigin + fromPeers;
    }

    /** Notices connections that closed without a word on any stream: the tracker is reached again, a peer dropped. */
    private void sweep(long now) {
        if (origin != null && !origin.active()) {
            lost(origin, "the connection closed", now);
        }
        for (Source peer : List.copyOf(peers.connected())) {
            if (!peer.active()) {
                peers.drop(peer, "the connection closed", now);
            }
        }
    }

    /** Peers first, so that they take what they hold; the origin, last, gets only what none of them holds. */
    private List<Source> sources() {
        List<Source> all = new ArrayList<>(peers.connected());
        if (origin != null) {
            all.add(origin);
        }
        return all;
    }

    /** Fills every source's pipeline; returns how many milliseconds until the rate limit lets more start. */
    private long request(long now) {
        long wait = Long.MAX_VALUE;
        for (Source source : sources()) {
            if (source.busy(now) || !source.active()) {
                continue;
            }
            int room = source.pipeline(layout.pieceLength(), context.options().parallel(), now)
                    - source.inFlight().size();
            while (room-- > 0) {
                long early = pace.nanosUntilNext();
                if (early > 0) {
                    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(early));
                }
                int index = picker.pick(source.held(), taken, source.origin(),
                        layout.pieceCount() - picker.missing().cardinality());
                boolean duplicate = false;
                if (index < 0) {
                    index = endgame(source);
                    duplicate = true;
                }
                if (index < 0) {
                    break;
                }
                start(source, index, duplicate, now);
            }
        }
        return wait;
    }

    /**
     * Once every missing piece is in flight, a piece this source holds that one other source is sending, the one
     * asked for longest ago; -1 when there is none. The origin never sends a second copy: its upload is the swarm's.
     */
    private int endgame(Source source) {
        if (source.origin()) {
            return -1;
        }
        BitSet missing = picker.missing();
        for (int i = missing.nextSetBit(0); i >= 0; i = missing.nextSetBit(i + 1)) {
            if (!taken.get(i)) {
                return -1;
            }
        }
        for (int i = missing.nextSetBit(0); i >= 0; i = missing.nextSetBit(i + 1)) {
            if (copies[i] == 1 && source.held().get(i) && !source.inFlight().containsKey(i)) {
                return i;
            }
        }
        return -1;
    }

    private void start(Source source, int index, boolean duplicate, long now) {
        pace.started(layout.pieceSize(index));
        PieceFetch fetch = new PieceFetch(codec, infoHash, index, failures[index] + 1, layout.pieceOffset(index),
                layout.pieceSize(index), context.metainfo().info().pieceHash(index),
                source.connection().settings().maxResponseHeaderBytes(), stallTimeout(source), writer,
                outcome -> events.add(new SwarmEvent.Fetched(source, outcome)), source.label(), duplicate);
        source.inFlight().put(index, fetch);
        copies[index]++;
        taken.set(index);
        source.connection().send(codec.encodeRequest(new PieceRequest(infoHash, index)), true, fetch);
    }

    /**
     * How long a piece may go without data. A peer gets less time than the tracker: the download has other sources,
     * and a peer that went away without a word (killed, unplugged) should not hold its pieces for long.
     */
    private Duration stallTimeout(Source source) {
        Duration full = context.options().stallTimeout();
        return source.origin() || full.compareTo(PEER_STALL) < 0 ? full : PEER_STALL;
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
            Source source = holds.source();
            if (peers.isConnected(source)) {
                picker.held(source.held(), -1);
                source.held().clear();
                source.held().or(holds.pieces());
                picker.held(holds.pieces(), 1);
            }
        } else if (event instanceof SwarmEvent.Has has) {
            if (peers.isConnected(has.source()) && !has.source().held().get(has.index())) {
                has.source().held().set(has.index());
                picker.have(has.index());
            }
        } else if (event instanceof SwarmEvent.FeedEnded ended) {
            // A feed that ends without a reason ended with the peer's last piece: it is a seed now.
            if (ended.reason() != null) {
                peers.drop(ended.source(), ended.reason(), now);
            }
        } else if (event instanceof SwarmEvent.Announced announced) {
            announcing = false;
            announced(announced.answer(), now);
        } else if (event instanceof SwarmEvent.AnnounceFailed failed) {
            announcing = false;
            nextAnnounce = now + MAX_REANNOUNCE_NANOS;
            log.warn("announce failed: {}", failed.failure().getMessage());
            if (!context.tracker().connection().isActive()) {
                trackerLost("the connection closed");
            }
        } else if (event instanceof SwarmEvent.Reconnecting reconnecting) {
            context.listener().reconnecting(reconnecting.tracker(), reconnecting.reason(), reconnecting.delay());
        } else if (event instanceof SwarmEvent.TrackerBack back) {
            context.tracker().replaced(back.connection());
            if (originListed) {
                origin = Source.origin(back.connection(), layout.pieceCount());
            }
            nextAnnounce = now + FIRST_REANNOUNCE_NANOS;
        } else if (event instanceof SwarmEvent.TrackerGone gone) {
            if (originListed || peers.connected().isEmpty()) {
                throw gone.failure();
            }
            log.warn("{}; going on with {} peers", gone.failure().getMessage(), peers.connected().size());
            nextAnnounce = now + MAX_REANNOUNCE_NANOS;
        }
    }

    private void announced(AnnounceResponse answer, long now) {
        context.sharing().announced(answer);
        String tracker = context.tracker().connection().certificate().map(Object::toString).orElse(null);
        List<AnnounceResponse.Peer> listed = new ArrayList<>();
        for (AnnounceResponse.Peer peer : answer.peers()) {
            if (peer.certSha256().equals(tracker)) {
                originListed = true;
            } else {
                listed.add(peer);
            }
        }
        if (originListed && origin == null && context.tracker().connection().isActive()) {
            origin = Source.origin(context.tracker().connection(), layout.pieceCount());
        }
        int dialled = peers.offer(listed, now);
        announceInterval = TimeUnit.SECONDS.toNanos(answer.interval());
        // While the swarm is forming, ask again soon: peers that announced after this one are not listed yet.
        boolean wanting = peers.wantsMore() && answer.complete() + answer.incomplete() > peers.size() + 1;
        reannounceDelay = dialled > 0 ? FIRST_REANNOUNCE_NANOS : Math.min(reannounceDelay * 2, MAX_REANNOUNCE_NANOS);
        nextAnnounce = now + (wanting || peers.size() == 0 ? Math.min(reannounceDelay, announceInterval)
                : announceInterval);
    }

    private void fetched(Source source, PieceFetch.Outcome outcome, long now) throws DownloadException {
        int index = outcome.index();
        source.inFlight().remove(index);
        if (--copies[index] == 0) {
            taken.clear(index);
        }
        boolean current = source == origin || peers.isConnected(source);
        switch (outcome.kind()) {
            case DONE -> {
                verified(source, index, now);
                return;
            }
            case DUPLICATE, CANCELLED -> {
                redundant += outcome.received();
                return;
            }
            case BUSY -> {
                long retry = ((RemoteErrorException) outcome.failure()).retryAfterMs();
                source.busyFor(TimeUnit.MILLISECONDS.toNanos(Math.min(retry, MAX_BUSY_MS)), now);
                return;
            }
            case REFUSED -> {
                refused(source, index, (RemoteErrorException) outcome.failure(), now);
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
        if (++failures[index] >= context.options().maxAttempts()) {
            throw new VerificationException("piece " + index + " failed " + context.options().maxAttempts()
                    + " times; last: " + outcome.failure().getMessage());
        }
        retries++;
    }

    private void verified(Source source, int index, long now) {
        long size = layout.pieceSize(index);
        picker.verified(index);
        verifiedBytes += size;
        source.verified(size, now);
        if (source.origin()) {
            fromOrigin += size;
        } else {
            if (source.received() == size) {
                peersUsed++;
            }
            fromPeers += size;
        }
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

    private void refused(Source source, int index, RemoteErrorException refusal, long now)
            throws RemoteErrorException {
        if (refusal.code() == ErrorCode.PIECE_NOT_AVAILABLE && !source.origin()) {
            // A peer that listed the piece and then lost it (a restart): it no longer counts as holding it.
            if (source.held().get(index)) {
                source.held().clear(index);
                BitSet one = new BitSet();
                one.set(index);
                picker.held(one, -1);
            }
        } else if (source.origin()) {
            throw refusal;
        } else {
            peers.drop(source, refusal.getMessage(), now);
        }
    }

    /** A source's connection is gone: a peer is dropped, the tracker reached again in the background. */
    private void lost(Source source, String reason, long now) {
        if (source.origin()) {
            if (source == origin) {
                origin = null;
                trackerLost(reason);
            }
        } else {
            peers.drop(source, reason, now);
        }
    }

    private void trackerLost(String reason) {
        origin = null;
        context.tracker().reconnect(reason, context.request(AnnounceRequest.Event.STARTED,
                left(), downloaded()), context.options().stallTimeout(), events::add);
    }

    /**
     * Ends a download that cannot go on: no origin, no peer holding a missing piece, nobody being dialled or
     * reconnected, for the stall timeout.
     */
    private void stuck(long now) throws RemoteErrorException {
        boolean hope = origin != null || context.tracker().reconnecting() || peers.size() > peers.connected().size();
        for (Source source : peers.connected()) {
            hope |= source.held().intersects(picker.missing()) || !source.inFlight().isEmpty();
        }
        if (hope) {
            stuckSince = 0;
            return;
        }
        if (stuckSince == 0) {
            stuckSince = now;
        } else if (now - stuckSince > context.options().stallTimeout().toNanos()) {
            throw new RemoteErrorException("no source has the missing pieces: the tracker "
                    + (originListed ? "is unreachable" : "only tracks this torrent") + ", and "
                    + (peers.connected().isEmpty() ? "no peer that holds them is online"
                    : "none of the " + peers.connected().size() + " peers connected holds them"),
                    ErrorCode.PIECE_NOT_AVAILABLE);
        }
    }

    private long bytes(BitSet pieces) {
        long total = 0;
        for (int i = pieces.nextSetBit(0); i >= 0; i = pieces.nextSetBit(i + 1)) {
            total += layout.pieceSize(i);
        }
        return total;
    }
}
