package dev.qtorrent.tracker.swarm;

import dev.qtorrent.common.message.SwarmChangeResponse;
import dev.qtorrent.common.message.SwarmChangeResponse.Change;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Who watches which swarm, and the changes they hear of: a peer that serves the swarm (one handed out in peer lists)
 * joined or left it. Listeners are called on the thread that changed the swarm (under the registry's lock, or on a
 * shared store's connection thread), so they must only hand the change on (to their stream's event loop); one that throws is not called again.
 */
public final class SwarmChanges {
    private final Map<String, List<Consumer<SwarmChangeResponse>>> watchers = new ConcurrentHashMap<>();

    /** A watch of one swarm, until closed. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /** Calls {@code listener} with every change of {@code infoHash}'s swarm from now until the subscription closes. */
    public Subscription watch(String infoHash, Consumer<SwarmChangeResponse> listener) {
        watchers.computeIfAbsent(infoHash, hash -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> watchers.computeIfPresent(infoHash, (hash, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    /** Whether anyone watches {@code infoHash}: a change nobody hears of is not built at all. */
    boolean watched(String infoHash) {
        return watchers.containsKey(infoHash);
    }

    void joined(String infoHash, PeerEntry entry) {
        publish(infoHash, Change.JOINED, entry);
    }

    void left(String infoHash, PeerEntry entry) {
        publish(infoHash, Change.LEFT, entry);
    }

    /** Tells watchers how an announce changed the peers that serve the swarm: one entry, before and after. */
    void announced(String infoHash, PeerEntry before, PeerEntry after) {
        boolean served = before != null && before.listable();
        boolean serves = after != null && after.listable();
        if (served && (!serves || before.port() != after.port())) {
            left(infoHash, before);
        }
        if (serves && (!served || before.port() != after.port())) {
            joined(infoHash, after);
        }
    }

    private void publish(String infoHash, Change change, PeerEntry entry) {
        if (watched(infoHash)) {
            deliver(new SwarmChangeResponse(infoHash, change, entry.toPeer(), entry.seed));
        }
    }

    /**
     * Hands {@code line} to the watchers of its swarm: how a shared store passes on the changes it learns of, made
     * through this tracker or another one.
     */
    public void deliver(SwarmChangeResponse line) {
        List<Consumer<SwarmChangeResponse>> listeners = watchers.get(line.infoHash());
        if (listeners == null) {
            return;
        }
        for (Consumer<SwarmChangeResponse> listener : listeners) {
            try {
                listener.accept(line);
            } catch (RuntimeException e) {
                listeners.remove(listener);
            }
        }
    }
}
