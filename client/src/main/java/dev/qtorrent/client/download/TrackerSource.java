package dev.qtorrent.client.download;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.WatchRequest;
import dev.qtorrent.common.quic.NodeConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracker as a download sees it: the announces that bring peers, and the origin, the source it becomes when it
 * lists itself (it seeds the torrent). A lost tracker is reached again in the background; meanwhile there is no
 * origin. Owned by the download loop's thread.
 */
final class TrackerSource {
    private static final Logger log = LoggerFactory.getLogger(TrackerSource.class);

    /** How often a download with no source for its missing pieces asks the tracker for peers. */
    private static final long WANTING_NANOS = 2_000_000_000L;

    private final SwarmContext context;
    private final PeerSet peers;
    private final int pieceCount;
    private final MessageCodec codec;
    private final Consumer<SwarmEvent> events;
    private final AnnounceClock clock = new AnnounceClock();
    private Source origin;
    /** The tracker connection a watch was opened on: one per connection, whatever became of it. */
    private NodeConnection watched;
    private boolean listed;
    private boolean otherSeeds;

    TrackerSource(SwarmContext context, PeerSet peers, int pieceCount, MessageCodec codec,
                  Consumer<SwarmEvent> events) {
        this.context = context;
        this.peers = peers;
        this.pieceCount = pieceCount;
        this.codec = codec;
        this.events = events;
    }

    /** The tracker as a source of pieces, or null when it does not seed the torrent or is being reached again. */
    Source origin() {
        return origin;
    }

    /** Whether the tracker listed itself: it holds the torrent's data. */
    boolean seeds() {
        return listed;
    }

    /** Whether the last answer counted seeds besides the tracker: peers that hold every piece. */
    boolean otherSeeds() {
        return otherSeeds;
    }

    boolean reconnecting() {
        return context.tracker().reconnecting();
    }

    /** Announces if it is time, without waiting for the answer. */
    void announceIfDue(long left, long downloaded, long now) {
        if (!reconnecting() && clock.due(now)) {
            context.tracker().announceLater(context.request(null, left, downloaded), context.options().stallTimeout(),
                    events);
        }
    }

    /**
     * Asks for peers again soon: the download has no source for what it misses, and a peer that joined since the
     * last announce may have it.
     */
    void wantPeers(long now) {
        clock.within(WANTING_NANOS, now);
    }

    /** An announce answered: the tracker's own entry makes it the origin; the peers are offered to the peer set. */
    void announced(AnnounceResponse answer, long now) {
        context.sharing().announced(answer);
        String tracker = context.tracker().connection().certificate().map(Object::toString).orElse(null);
        List<AnnounceResponse.Peer> others = new ArrayList<>();
        for (AnnounceResponse.Peer peer : answer.peers()) {
            if (peer.certSha256().equals(tracker)) {
                listed = true;
            } else {
                others.add(peer);
            }
        }
        otherSeeds = answer.complete() > (listed ? 1 : 0);
        if (listed && origin == null && context.tracker().connection().isActive()) {
            origin = Source.origin(context.tracker().connection(), pieceCount);
        }
        int dialled = peers.offer(others, now);
        boolean forming = peers.wantsMore() && (peers.size() == 0
                || answer.complete() + answer.incomplete() > peers.size() + 1);
        clock.answered(dialled > 0, forming, answer.interval(), now);
        watch();
    }

    /**
     * Opens the tracker's watch of the swarm once per connection, after an announce has put this client in the swarm
     * (only its peers may watch it): from then on peers that join are dialled at once.
     */
    private void watch() {
        NodeConnection connection = context.tracker().connection();
        if (connection == watched || !connection.isActive() || context.identity() == null) {
            // Without a certificate the download fetches from the origin only, and the tracker lets nobody watch.
            return;
        }
        watched = connection;
        String infoHash = context.metainfo().infoHash().hex();
        connection.send(codec.encodeRequest(new WatchRequest(infoHash)), true, new WatchFeed(codec, infoHash,
                connection.settings().maxResponseHeaderBytes(), "tracker " + connection.address(), events));
    }

    /** A peer joined the swarm, as the tracker's watch says: it is offered to the peer set like a listed one. */
    void joined(AnnounceResponse.Peer peer, long now) {
        String tracker = context.tracker().connection().certificate().map(Object::toString).orElse(null);
        if (!peer.certSha256().equals(tracker)) {
            peers.offer(List.of(peer), now);
        }
    }

    /** The watch ended: announces still bring peers, and the next connection to the tracker opens a new one. */
    void watchEnded(String reason) {
        log.debug("the tracker's watch ended: {}", reason);
    }

    void announceFailed(DownloadException failure, long left, long downloaded, long now) {
        clock.failed(now);
        log.warn("announce failed: {}", failure.getMessage());
        if (!context.tracker().connection().isActive()) {
            lost("the connection closed", left, downloaded);
        }
    }

    /** The tracker connection is gone: it is reached again in the background, announcing {@code started}. */
    void lost(String reason, long left, long downloaded) {
        origin = null;
        context.tracker().reconnect(reason, context.request(AnnounceRequest.Event.STARTED, left, downloaded),
                context.options().stallTimeout(), events);
    }

    void back(NodeConnection connection, long now) {
        context.tracker().replaced(connection);
        if (listed) {
            origin = Source.origin(connection, pieceCount);
        }
        clock.soon(now);
    }

    /** The tracker could not be reached again: the end if it was the origin or nobody else is left. */
    void gone(DownloadException failure, long now) throws DownloadException {
        if (listed || peers.connected().isEmpty()) {
            throw failure;
        }
        log.warn("{}; going on with {} peers", failure.getMessage(), peers.connected().size());
        clock.failed(now);
    }
}
