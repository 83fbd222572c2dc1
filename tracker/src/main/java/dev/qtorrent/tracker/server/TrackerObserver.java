package dev.qtorrent.tracker.server;

import dev.qtorrent.peer.serve.ServerObserver;

/** What the tracker tells about its work besides what every node does: the time its swarm registry takes. */
public interface TrackerObserver extends ServerObserver {
    /** Observes nothing. */
    TrackerObserver NONE = new TrackerObserver() {
    };

    /** An announce spent {@code nanos} in the swarm registry, waiting for its lock included. */
    default void swarmAnnounced(long nanos) {
    }
}
