package dev.qtorrent.tracker.swarm;

import dev.qtorrent.common.message.AnnounceResponse.Peer;
import dev.qtorrent.common.message.JsonPeerList;
import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * The peers an announce answer lists, as the entries the swarm picked, with the tracker's own entry first when it
 * heads the list. The answer is written from the entries' bytes; a {@link Peer} is made only for whoever asks for one.
 */
final class ListedPeers extends AbstractList<Peer> implements JsonPeerList, RandomAccess {
    private final Peer self;
    private final PeerEntry[] entries;
    private final int first;
    /** What {@link #touch} read, kept so that the compiler cannot drop the reading. */
    @SuppressWarnings("unused")
    private final int touched;

    /** {@code self} (null when the tracker is not listed) followed by {@code entries}, which no one else holds. */
    ListedPeers(Peer self, PeerEntry[] entries) {
        this.self = self;
        this.entries = entries;
        this.first = self == null ? 0 : 1;
        this.touched = touch(this.entries);
    }

    /**
     * Reads every entry and its key once, in a loop that does nothing else. The entries lie anywhere in a heap of
     * millions, so each costs a few cache misses; here the processor fetches many at once, where the writing of an
     * answer, one entry at a time with much work between, would wait for each in turn. An entry spans two or three
     * cache lines (its words first, its links last): its first word, its key's last word and its last link are read.
     */
    private static int touch(PeerEntry[] entries) {
        int sum = 0;
        for (PeerEntry entry : entries) {
            sum += (int) entry.cert0 + entry.touch() + (entry.previousSameCertificate == null ? 0 : 1);
        }
        return sum;
    }

    @Override
    public Peer get(int index) {
        return index == 0 && self != null ? self : entries[index - first].toPeer();
    }

    @Override
    public int size() {
        return first + entries.length;
    }

    @Override
    public int jsonBytes(int index) {
        return index < first ? -1 : entries[index - first].jsonBytes();
    }

    @Override
    public int writeJson(int index, byte[] into, int at) {
        return entries[index - first].writeJson(into, at);
    }
}
