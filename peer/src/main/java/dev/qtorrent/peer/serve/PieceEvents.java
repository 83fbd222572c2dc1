package dev.qtorrent.peer.serve;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * "Piece N verified" events of one torrent whose pieces change while it is served (a downloading client's). The
 * node that verifies a piece calls {@link #verified(int)} after {@link ServedTorrent#has(int)} is true for it; have
 * subscriptions hear it at once. Thread-safe: listeners may subscribe and events be published from any thread.
 */
public final class PieceEvents {
    /** Hears each verified piece, on the publishing thread: a listener hands the work to its own thread. */
    @FunctionalInterface
    public interface Listener {
        void verified(int index);
    }

    /** Ends one listener's subscription; closing twice is harmless. */
    @FunctionalInterface
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public PieceEvents() {
    }

    /** Publishes that piece {@code index} is verified and can be served from now on. */
    public void verified(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("piece index must not be negative: " + index);
        }
        for (Listener listener : listeners) {
            listener.verified(index);
        }
    }

    public Subscription subscribe(Listener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** How many listeners are subscribed now. */
    public int listeners() {
        return listeners.size();
    }
}
