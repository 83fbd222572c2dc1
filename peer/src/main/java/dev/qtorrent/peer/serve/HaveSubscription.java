package dev.qtorrent.peer.serve;

import dev.qtorrent.common.message.BitfieldResponse;
import dev.qtorrent.common.message.HaveResponse;
import dev.qtorrent.common.message.MessageCodec;
import java.util.BitSet;
import java.util.Optional;

/**
 * One have subscription: the torrent's bitfield as the first line, then a {@link HaveResponse} line for each piece
 * verified afterwards, and FIN once every piece is held. It subscribes to the torrent's {@link PieceEvents} before it
 * takes the bitfield, so no piece falls between the two; a piece that is in both is not repeated. A torrent without
 * events never changes, so its subscription is the bitfield and FIN.
 */
final class HaveSubscription extends LineSubscription {
    /** Subscriptions open at once on one connection; one more is refused with {@code too_many_subscriptions}. */
    static final int MAX_PER_CONNECTION = 16;
    static final SubscriptionLimit LIMIT = new SubscriptionLimit("have subscriptions", MAX_PER_CONNECTION);

    private final ServedTorrent torrent;
    private final String hash;
    private PieceEvents.Subscription subscription;
    private BitSet known;

    HaveSubscription(MessageCodec codec, ServedTorrent torrent) {
        super(codec);
        this.torrent = torrent;
        this.hash = torrent.infoHash().hex();
    }

    /** Sends the bitfield and, if the torrent's pieces can still change, listens for more. */
    @Override
    protected void started() {
        Optional<PieceEvents> events = torrent.events();
        events.ifPresent(e -> subscription = e.subscribe(index -> later(() -> verified(index))));
        known = torrent.held();
        int pieces = torrent.layout().pieceCount();
        boolean complete = subscription == null || known.cardinality() >= pieces;
        send(BitfieldResponse.of(hash, pieces, known), complete);
    }

    private void verified(int index) {
        int pieces = torrent.layout().pieceCount();
        if (index >= pieces || known.get(index)) {
            return;
        }
        known.set(index);
        send(new HaveResponse(hash, index), known.cardinality() >= pieces);
    }

    @Override
    protected void stopped() {
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
    }
}
