package dev.qtorrent.tracker.swarm;

import static dev.qtorrent.tracker.swarm.StandInCertificates.certificate;
import static dev.qtorrent.tracker.swarm.StandInCertificates.peer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceRequest.Event;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.AnnounceResponse.Peer;
import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ProtocolException;
import dev.qtorrent.common.tls.Fingerprint;
import dev.qtorrent.tracker.seed.SeedCatalog;
import dev.qtorrent.tracker.seed.SeededTorrent;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The announce rules every swarm store follows, whatever keeps the swarms: a subclass per store runs them all.
 * Answers are waited for here; a refusal is thrown as the {@link ProtocolException} it is.
 */
@Timeout(30)
public abstract class AnnounceRulesContract {
    protected static final Duration INTERVAL = Duration.ofSeconds(60);
    protected static final Peer SELF = new Peer("qtorrent-tracker", "203.0.113.1", 7001, "ab".repeat(32));

    @TempDir
    Path dir;

    protected final ManualClock clock = new ManualClock(Instant.parse("2024-01-01T00:00:00Z"));
    private SwarmStore store;
    private SeedCatalog catalog;
    private SeededTorrent torrent;
    private SeededTorrent otherTorrent;

    /** A fresh store, empty, reading the time from {@code clock}. */
    protected abstract SwarmStore open(Clock clock, Duration interval, Peer self) throws Exception;

    /** The store's totals, brought up to date as the store does it. */
    protected abstract SwarmTotals totals(SwarmStore store);

    /** The torrent {@link #announce} announces to. */
    protected SeededTorrent torrent() {
        return torrent;
    }

    @BeforeEach
    void seed() throws Exception {
        store = open(clock, INTERVAL, SELF);
        Files.writeString(dir.resolve("a.txt"), "first torrent");
        Files.writeString(dir.resolve("b.txt"), "second torrent");
        catalog = SeedCatalog.open(dir, "quic://203.0.113.1:7001",
                new Fingerprint("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"));
        torrent = catalog.torrents().get(0);
        otherTorrent = catalog.torrents().get(1);
    }

    @AfterEach
    void close() throws Exception {
        catalog.close();
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Test
    void lonelyPeerHearsOnlyOfTheTracker() {
        AnnounceResponse answer = announce("peer-a", 6881, 100, Event.STARTED, "10.0.0.1");

        assertEquals(60, answer.interval());
        assertEquals(List.of(SELF), answer.peers());
        assertEquals(1, answer.complete());
        assertEquals(1, answer.incomplete());
    }

    @Test
    void trackerIsListedFirstAndTheAskerIsLeftOut() {
        announce("peer-a", 6881, 0, Event.STARTED, "10.0.0.1");
        announce("peer-b", 6882, 100, Event.STARTED, "10.0.0.2");

        AnnounceResponse answer = announce("peer-c", 6883, 100, Event.STARTED, "10.0.0.3");

        assertEquals(SELF, answer.peers().get(0));
        assertEquals(Set.of(peer("peer-a", "10.0.0.1", 6881), peer("peer-b", "10.0.0.2", 6882)),
                Set.copyOf(answer.peers().subList(1, answer.peers().size())));
        assertEquals(3, answer.peers().size());
        assertEquals(2, answer.complete());
        assertEquals(2, answer.incomplete());
    }

    @Test
    void portZeroPeersAreCountedButNotHandedOut() {
        announce("no-listen", 0, 0, Event.STARTED, "10.0.0.1");

        AnnounceResponse answer = announce("peer-b", 6882, 100, Event.STARTED, "10.0.0.2");

        assertEquals(List.of(SELF), answer.peers());
        assertEquals(2, answer.complete());
        assertEquals(1, answer.incomplete());
    }

    @Test
    void stoppedPeerIsForgotten() {
        announce("peer-a", 6881, 100, Event.STARTED, "10.0.0.1");
        AnnounceResponse stopping = announce("peer-a", 6881, 100, Event.STOPPED, "10.0.0.1");

        AnnounceResponse answer = announce("peer-b", 6882, 100, Event.STARTED, "10.0.0.2");

        assertEquals(0, stopping.incomplete());
        assertEquals(List.of(SELF), answer.peers());
        assertEquals(1, answer.incomplete());
    }

    @Test
    void anotherHostCannotStopAPeerByReusingItsId() {
        announce("peer-a", 6881, 100, Event.STARTED, "10.0.0.1");
        announce("peer-a", 6881, 100, Event.STOPPED, "10.0.0.66");

        AnnounceResponse answer = announce("peer-b", 6882, 100, Event.STARTED, "10.0.0.2");

        assertEquals(List.of(SELF, peer("peer-a", "10.0.0.1", 6881)), answer.peers());
    }

    @Test
    void anotherHostCannotReplaceAPeerByReusingItsId() {
        announce("peer-a", 6881, 100, Event.STARTED, "10.0.0.1");
        announce("peer-a", 9999, 0, Event.STARTED, "10.0.0.66");

        AnnounceResponse answer = announce("peer-b", 6882, 100, Event.STARTED, "10.0.0.2");

        assertEquals(Set.of(SELF, peer("peer-a", "10.0.0.1", 6881), peer("peer-a", "10.0.0.66", 9999)),
                Set.copyOf(answer.peers()));
        assertEquals(3, answer.peers().size());
        assertEquals(2, answer.complete());
        assertEquals(2, answer.incomplete());
    }

    @Test
    void announcingAgainUpdatesPortAndProgress() {
        announce("peer-a", 6881, 100, Event.STARTED, "10.0.0.1");
        announce("peer-a", 6999, 0, null, "10.0.0.1");

        AnnounceResponse answer = announce("peer-b", 6882, 100, Event.STARTED, "10.0.0.2");

        assertEquals(List.of(SELF, peer("peer-a", "10.0.0.1", 6999)), answer.peers());
        assertEquals(2, answer.complete());
        assertEquals(1, answer.incomplete());
    }

    @Test
    void completedPeerCountsAsASeed() {
        announce("peer-a", 6881, 100, Event.STARTED, "10.0.0.1");
        announce("peer-a", 6881, 0, Event.COMPLETED, "10.0.0.1");

        AnnounceResponse answer = announce("peer-b", 6882, 100, Event.STARTED, "10.0.0.2");

        assertEquals(2, answer.complete());
        assertEquals(1, answer.incomplete());
    }

    @Test
    void countsSayWhoIsInTheSwarmAndHowManyCompleted() {
        String hash = torrent.infoHash().hex();
        assertEquals(SwarmCounts.NONE, countsNow(hash));

        announce("peer-a", 6881, 100, Event.STARTED, "10.0.0.1");
        announce("peer-a", 6881, 0, Event.COMPLETED, "10.0.0.1");
        announce("peer-b", 6882, 100, Event.STARTED, "10.0.0.2");
        announce("peer-c", 0, 100, Event.STARTED, "10.0.0.3");
        assertEquals(new SwarmCounts(1, 2, 1), countsNow(hash));
        assertEquals(new SwarmTotals(1, 1, 2), totals(store));

        announce("peer-a", 6881, 0, Event.STOPPED, "10.0.0.1");
        clock.advance(INTERVAL.multipliedBy(2).plusMillis(1));
        assertEquals(new SwarmCounts(0, 0, 1), countsNow(hash), "the completed download outlives the swarm");
        assertEquals(new SwarmTotals(0, 0, 0), totals(store));
    }

    @Test
    void peerExpiresAfterMissingTwoIntervals() {
        announce("peer-a", 6881, 100, Event.STARTED, "10.0.0.1");

        clock.advance(INTERVAL.multipliedBy(2));
        AnnounceResponse atTheLimit = announce("peer-b", 6882, 100, Event.STARTED, "10.0.0.2");
        clock.advance(Duration.ofMillis(1));
        AnnounceResponse past = announce("peer-c", 6883, 100, Event.STARTED, "10.0.0.3");

        assertEquals(List.of(SELF, peer("peer-a", "10.0.0.1", 6881)), atTheLimit.peers());
        assertEquals(List.of(SELF, peer("peer-b", "10.0.0.2", 6882)), past.peers());
        assertEquals(2, past.incomplete());
    }

    @Test
    void announcingAgainKeepsAPeerAlive() {
        announce("peer-a", 6881, 100, Event.STARTED, "10.0.0.1");
        for (int i = 0; i < 5; i++) {
            clock.advance(INTERVAL);
            announce("peer-a", 6881, 100, Event.STARTED, "10.0.0.1");
        }

        AnnounceResponse answer = announce("peer-b", 6882, 100, Event.STARTED, "10.0.0.2");

        assertEquals(List.of(SELF, peer("peer-a", "10.0.0.1", 6881)), answer.peers());
    }

    @Test
    void swarmsAreKeptPerTorrent() {
        announce("peer-a", 6881, 100, Event.STARTED, "10.0.0.1");

        AnnounceResponse other = announceNow(request(otherTorrent, "peer-b", 6882, 100, Event.STARTED),
                true, new InetSocketAddress("10.0.0.2", 50000), certificate("peer-b", "10.0.0.2"));

        assertEquals(List.of(SELF), other.peers());
        assertEquals(1, other.incomplete());
    }

    @Test
    void announceFromAnUnknownAddressIsAnsweredButNotRecorded() {
        AnnounceResponse anonymous = announceNow(request(torrent, "ghost", 6881, 100, Event.STARTED),
                true, null, certificate("ghost", "?"));

        AnnounceResponse answer = announce("peer-b", 6882, 100, Event.STARTED, "10.0.0.2");

        assertEquals(List.of(SELF), anonymous.peers());
        assertEquals(List.of(SELF), answer.peers());
        assertEquals(1, answer.incomplete());
    }

    @Test
    void answerListsAtMostFiftyPeers() {
        for (int i = 0; i < 60; i++) {
            announce("peer-" + i, 6000 + i, 0, Event.STARTED, "10.0.1." + i);
        }

        AnnounceResponse answer = announce("asker", 7000, 100, Event.STARTED, "10.0.2.1");

        assertEquals(AnnounceRequest.DEFAULT_NUMWANT, answer.peers().size());
        assertEquals(SELF, answer.peers().get(0));
        assertEquals(61, answer.complete());
        assertEquals(1, answer.incomplete());
    }

    @Test
    void eachEntryCarriesTheCertificateOfItsAnnounce() {
        Fingerprint own = certificate("peer-a", "10.0.0.1");
        announceNow(request(torrent, "peer-a", 6881, 100, Event.STARTED), true,
                new InetSocketAddress("10.0.0.1", 40000), own);

        AnnounceResponse answer = announce("peer-b", 6882, 100, Event.STARTED, "10.0.0.2");

        assertEquals(own.hex(), answer.peers().get(1).certSha256());
        assertEquals(SELF.certSha256(), answer.peers().get(0).certSha256());
    }

    @Test
    void anotherCertificateCannotTakeOverAPeerIdAtTheSameAddress() {
        announce("peer-a", 6881, 100, Event.STARTED, "10.0.0.1");
        Fingerprint other = certificate("someone else", "10.0.0.1");
        InetSocketAddress sameHost = new InetSocketAddress("10.0.0.1", 40001);

        ProtocolException moved = assertThrows(ProtocolException.class, () -> announceNow(
                request(torrent, "peer-a", 9999, 0, null), true, sameHost, other));
        ProtocolException stopped = assertThrows(ProtocolException.class, () -> announceNow(
                request(torrent, "peer-a", 6881, 100, Event.STOPPED), true, sameHost, other));

        assertEquals(ErrorCode.PEER_ID_IN_USE, moved.code());
        assertEquals(ErrorCode.PEER_ID_IN_USE, stopped.code());
        AnnounceResponse answer = announce("peer-b", 6882, 100, Event.STARTED, "10.0.0.2");
        assertEquals(List.of(SELF, peer("peer-a", "10.0.0.1", 6881)), answer.peers());
    }

    /**
     * A peer check sees every entry of the swarm, port 0 ones included, per torrent, until the entry leaves or
     * expires; a certificate that holds two entries stays until both are gone.
     */
    @Test
    void listedFollowsTheSwarmsEntries() {
        String hash = torrent.infoHash().hex();
        Fingerprint a = certificate("peer-a", "10.0.0.1");
        Fingerprint b = certificate("peer-b", "10.0.0.2");
        assertFalse(listedNow(hash, a), "nobody has announced");
        announce("peer-a", 6881, 100, Event.STARTED, "10.0.0.1");
        announce("peer-b", 0, 100, Event.STARTED, "10.0.0.2");
        announceNow(request(torrent, "peer-a2", 6889, 100, Event.STARTED), true,
                new InetSocketAddress("10.0.0.1", 40000), a);

        assertTrue(listedNow(hash, a));
        assertTrue(listedNow(hash, b), "a peer on port 0 is in the swarm though never handed out");
        assertFalse(listedNow(otherTorrent.infoHash().hex(), a), "swarms are per torrent");
        assertFalse(listedNow(hash, certificate("peer-c", "10.0.0.3")));

        announce("peer-a", 6881, 100, Event.STOPPED, "10.0.0.1");
        assertTrue(listedNow(hash, a), "its second entry is still there");
        announceNow(request(torrent, "peer-a2", 6889, 100, Event.STOPPED), true,
                new InetSocketAddress("10.0.0.1", 40000), a);
        assertFalse(listedNow(hash, a), "both entries left");

        clock.advance(INTERVAL.multipliedBy(2).plusMillis(1));
        assertFalse(listedNow(hash, b), "expired");
    }

    protected AnnounceResponse announce(String peerId, int port, long left, Event event, String ip) {
        return announceNow(request(torrent, peerId, port, left, event), true,
                new InetSocketAddress(ip, 40000), certificate(peerId, ip));
    }

    private static AnnounceRequest request(SeededTorrent torrent, String peerId, int port, long left, Event event) {
        return new AnnounceRequest(torrent.infoHash().hex(), peerId, port, 0, 0, left, event);
    }

    private AnnounceResponse announceNow(AnnounceRequest request, boolean origin, InetSocketAddress from,
                                         Fingerprint certificate) {
        return now(store.announce(request, origin, from, certificate));
    }

    private boolean listedNow(String infoHash, Fingerprint certificate) {
        return now(store.listed(infoHash, certificate));
    }

    private SwarmCounts countsNow(String infoHash) {
        return now(store.counts(infoHash));
    }

    private static <T> T now(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException refusal) {
                throw refusal;
            }
            throw new AssertionError(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError(e);
        }
    }
}
