package dev.qtorrent.tracker.server;

import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.SwarmChangeResponse;
import dev.qtorrent.common.message.WatchResponse;
import dev.qtorrent.common.tls.Fingerprint;
import dev.qtorrent.peer.serve.LineSubscription;
import dev.qtorrent.tracker.swarm.SwarmChanges;

/**
 * One watch: a {@link WatchResponse} line once the tracker listens, then a {@link SwarmChangeResponse} line for each
 * peer that joins or leaves the swarm, except the watcher's own entries (it knows when it comes and goes). It lasts
 * until the watcher closes the stream or the connection ends.
 */
final class WatchSubscription extends LineSubscription {
    private final SwarmChanges changes;
    private final String infoHash;
    private final String watcher;
    private SwarmChanges.Subscription subscription;

    WatchSubscription(MessageCodec codec, SwarmChanges changes, String infoHash, Fingerprint watcher) {
        super(codec);
        this.changes = changes;
        this.infoHash = infoHash;
        this.watcher = watcher.hex();
    }

    @Override
    protected void started() {
        subscription = changes.watch(infoHash, change -> {
            if (!change.peer().certSha256().equals(watcher)) {
                later(() -> send(change, false));
            }
        });
        send(new WatchResponse(infoHash), false);
    }

    @Override
    protected void stopped() {
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
    }
}
