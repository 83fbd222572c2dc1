package dev.qtorrent.tracker.swarm.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceRequest.Event;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.AnnounceResponse.Peer;
import dev.qtorrent.common.tls.Fingerprint;
import dev.qtorrent.tracker.swarm.SwarmChanges;
import dev.qtorrent.tracker.swarm.SwarmCounts;
import dev.qtorrent.tracker.swarm.SwarmStore;
import dev.qtorrent.tracker.swarm.SwarmTotals;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * The announce rules, kept by the Redis store once its copy of each swarm is complete: every announce waits until
 * the instance copies the swarm, so each announce that changes nothing but the time is answered from the copy.
 */
class CopiedAnnounceRulesTest extends RedisAnnounceRulesTest {
    private RedisSwarmStore opened;

    @Override
    protected SwarmStore open(Clock clock, Duration interval, Peer self) throws Exception {
        opened = (RedisSwarmStore) super.open(clock, interval, self);
        return new CopyingStore(opened);
    }

    @Override
    protected SwarmTotals totals(SwarmStore store) {
        return super.totals(((CopyingStore) store).store);
    }

    @Test
    void announcesThatChangeNothingButTheTimeAreAnsweredFromTheCopy() {
        announce("peer-a", 6881, 100, Event.STARTED, "10.0.0.1");
        announce("peer-b", 6882, 0, Event.STARTED, "10.0.0.2");
        assertEquals(0, opened.answeredFromCopy());

        AnnounceResponse again = announce("peer-a", 6881, 100, null, "10.0.0.1");
        assertEquals(1, opened.answeredFromCopy());
        assertEquals(List.of("qtorrent-tracker", "peer-b"), again.peers().stream().map(Peer::peerId).toList());
        assertEquals(2, again.complete(), "peer-b and the tracker");
        assertEquals(1, again.incomplete());

        announce("peer-a", 6881, 0, null, "10.0.0.1");
        assertEquals(1, opened.answeredFromCopy(), "a peer that finished changed its entry");
        announce("peer-a", 6881, 0, null, "10.0.0.1");
        assertEquals(2, opened.answeredFromCopy(), "within the same millisecond too");
    }

    @Test
    void anExpiredEntryLeavesTheCopyBeforeItsAnswer() {
        announce("peer-a", 6881, 100, Event.STARTED, "10.0.0.1");
        announce("peer-b", 6882, 100, Event.STARTED, "10.0.0.2");
        Duration lifetime = INTERVAL.multipliedBy(2);

        clock.advance(lifetime.minusSeconds(10));
        assertEquals(List.of("qtorrent-tracker", "peer-b"), peerIds(announce("peer-a", 6881, 100, null, "10.0.0.1")));
        clock.advance(Duration.ofSeconds(11));
        AnnounceResponse after = announce("peer-a", 6881, 100, null, "10.0.0.1");
        assertEquals(List.of("qtorrent-tracker"), peerIds(after), "peer-b expired a second ago");
        assertEquals(1, after.incomplete());
        assertEquals(2, opened.answeredFromCopy());
    }

    private static List<String> peerIds(AnnounceResponse answer) {
        return answer.peers().stream().map(Peer::peerId).toList();
    }

    /** The store, each of whose announces is answered only once the instance holds a copy of the swarm. */
    private record CopyingStore(RedisSwarmStore store) implements SwarmStore, AutoCloseable {
        @Override
        public CompletionStage<AnnounceResponse> announce(AnnounceRequest request, boolean origin,
                                                          InetSocketAddress from, Fingerprint certificate) {
            // Waited for off Lettuce's thread, which delivers the copy itself.
            return store.announce(request, origin, from, certificate).thenApplyAsync(answer -> {
                if (from != null) {
                    awaitCopied(request.infoHash());
                }
                return answer;
            });
        }

        private void awaitCopied(String infoHash) {
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!store.copied(infoHash)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the swarm of " + infoHash + " was not copied within 5 s");
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }

        @Override
        public CompletionStage<Boolean> listed(String infoHash, Fingerprint certificate) {
            return store.listed(infoHash, certificate);
        }

        @Override
        public boolean serving(String infoHash, Fingerprint certificate) {
            return store.serving(infoHash, certificate);
        }

        @Override
        public CompletionStage<SwarmCounts> counts(String infoHash) {
            return store.counts(infoHash);
        }

        @Override
        public SwarmTotals totals() {
            return store.totals();
        }

        @Override
        public SwarmChanges changes() {
            return store.changes();
        }

        @Override
        public void close() {
            store.close();
        }
    }
}
