package dev.qtorrent.client.download;

import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.quic.NodeConnection;
import java.util.BitSet;

/**
 * What the download loop hears from the threads that work for it: event loops, the disk thread, the dialer. Every
 * change to the download's state happens on the loop's thread, in the order these arrive.
 */
sealed interface SwarmEvent {
    /** A piece fetch from {@code source} ended. */
    record Fetched(Source source, PieceFetch.Outcome outcome) implements SwarmEvent {
    }

    /** A connection to a listed peer is up and pinned. */
    record Connected(Source source) implements SwarmEvent {
    }

    /** A listed peer could not be used: unreachable, an impostor, or it refused. */
    record Unusable(AnnounceResponse.Peer peer, String reason) implements SwarmEvent {
    }

    /** The first line of a have subscription: what the source holds now. */
    record Holds(Source source, BitSet pieces) implements SwarmEvent {
    }

    /** The source has verified one more piece. */
    record Has(Source source, int index) implements SwarmEvent {
    }

    /** The source's subscription ended: with FIN after its last piece, or broken. */
    record FeedEnded(Source source, String reason) implements SwarmEvent {
    }

    /** An announce answered. */
    record Announced(AnnounceResponse answer) implements SwarmEvent {
    }

    /** The tracker's watch says a peer started serving the swarm. */
    record Joined(AnnounceResponse.Peer peer) implements SwarmEvent {
    }

    /** The tracker's watch ended, for {@code reason}; announces still bring peers. */
    record WatchEnded(String reason) implements SwarmEvent {
    }

    /** An announce failed; the tracker connection may be gone. */
    record AnnounceFailed(DownloadException failure) implements SwarmEvent {
    }

    /** The tracker is reachable again over {@code connection}. */
    record TrackerBack(NodeConnection connection) implements SwarmEvent {
    }

    /** The tracker connection was lost; the next try to reach it comes after {@code delay}. */
    record Reconnecting(String tracker, String reason, java.time.Duration delay) implements SwarmEvent {
    }

    /** The tracker could not be reached again within the reconnect window. */
    record TrackerGone(DownloadException failure) implements SwarmEvent {
    }
}
