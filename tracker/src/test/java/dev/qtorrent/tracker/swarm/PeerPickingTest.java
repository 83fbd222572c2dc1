package dev.qtorrent.tracker.swarm;

import static dev.qtorrent.tracker.swarm.StandInCertificates.certificate;
import static dev.qtorrent.tracker.swarm.StandInCertificates.peer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceRequest.Event;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.AnnounceResponse.Peer;
import dev.qtorrent.common.tls.Fingerprint;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which peers an answer lists: numwant, random picks, seeds and the origin. */
@Timeout(30)
class PeerPickingTest {
    private static final String HASH = "0123456789abcdef0123456789abcdef01234567";
    private static final Duration INTERVAL = Duration.ofSeconds(60);
    private static final Peer SELF = new Peer("qtorrent-tracker", "203.0.113.1", 7001, "ab".repeat(32));

    private final ManualClock clock = new ManualClock(Instant.parse("2024-01-01T00:00:00Z"));
    /** A fixed seed: these tests check properties of the picks, and must not depend on luck. */
    private final SwarmRegistry registry = new SwarmRegistry(clock, INTERVAL, SELF, new SplittableRandom(42));

    @Test
    void seedIsSentLeechersOnlyAndNoOrigin() {
        announce("seed-1", 6001, 0, "10.0.0.1", true);
        announce("seed-2", 6002, 0, "10.0.0.2", true);
        announce("leech-1", 6003, 5, "10.0.0.3", true);
        announce("leech-2", 6004, 5, "10.0.0.4", true);

        AnnounceResponse answer = announce("seed-3", 6005, 0, "10.0.0.5", true);

        assertEquals(Set.of(peer("leech-1", "10.0.0.3", 6003), peer("leech-2", "10.0.0.4", 6004)),
                Set.copyOf(answer.peers()));
        assertEquals(2, answer.peers().size());
        assertEquals(4, answer.complete(), "three seeds and the tracker");
        assertEquals(2, answer.incomplete());
    }

    @Test
    void leecherIsSentSeedsAndLeechersWithTheOriginFirst() {
        announce("seed-1", 6001, 0, "10.0.0.1", true);
        announce("leech-1", 6002, 5, "10.0.0.2", true);

        AnnounceResponse answer = announce("leech-2", 6003, 5, "10.0.0.3", true);

        assertEquals(SELF, answer.peers().get(0));
        assertEquals(Set.of(peer("seed-1", "10.0.0.1", 6001), peer("leech-1", "10.0.0.2", 6002)),
                Set.copyOf(answer.peers().subList(1, 3)));
        assertEquals(3, answer.peers().size());
    }

    /** A torrent the tracker tracks without its data: no origin entry, and the tracker is no seed. */
    @Test
    void withoutTheDataTheTrackerIsNeitherListedNorCounted() {
        announce("seed-1", 6001, 0, "10.0.0.1", false);

        AnnounceResponse answer = announce("leech-1", 6002, 5, "10.0.0.2", false);

        assertEquals(List.of(peer("seed-1", "10.0.0.1", 6001)), answer.peers());
        assertEquals(1, answer.complete());
        assertEquals(1, answer.incomplete());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 37, 199, 200})
    void numwantBoundsTheAnswerTheOriginIncluded(int numwant) {
        for (int i = 0; i < 250; i++) {
            announce("peer-" + i, 6000 + i, 0, "10.0." + i / 200 + "." + i % 200, true);
        }

        AnnounceResponse answer = registry.announceNow(new AnnounceRequest(HASH, "asker", 7000, 0, 0, 5, null,
                numwant), true, new InetSocketAddress("10.1.0.1", 40000), certificate("asker", "10.1.0.1"));

        assertEquals(numwant, answer.peers().size());
        assertEquals(numwant, Set.copyOf(answer.peers()).size(), "no peer twice");
        if (numwant > 0) {
            assertEquals(SELF, answer.peers().get(0));
        }
        assertEquals(251, answer.complete());
        assertEquals(1, answer.incomplete());
    }

    /**
     * Picks are uniform: 40 peers, 5 per answer, 8000 answers, so each peer is expected 1000 times. With a fixed seed
     * the counts are the same on every run; the bounds (±20 %, over 6 standard deviations) only say that no peer is
     * favoured or left out, as the first-N-in-insertion-order answer of old did.
     */
    @Test
    void everyPeerIsPickedAboutEquallyOften() {
        for (int i = 0; i < 40; i++) {
            announce("peer-" + i, 6000 + i, i % 2, "10.0.0." + i, false);
        }
        Map<String, Integer> times = new HashMap<>();
        for (int n = 0; n < 8000; n++) {
            AnnounceResponse answer = registry.announceNow(new AnnounceRequest(HASH, "observer", 0, 0, 0, 5, null, 5),
                    false, null, certificate("observer", "?"));
            answer.peers().forEach(p -> times.merge(p.peerId(), 1, Integer::sum));
        }

        assertEquals(40, times.size());
        times.forEach((peer, count) -> assertTrue(count > 800 && count < 1200, peer + " picked " + count + " times"));
    }

    /**
     * The registry against a plain model, through many random arrivals, refreshes, departures and expiries: every
     * answer large enough to hold the whole swarm lists exactly the listable peers the model has, minus the asker, and
     * a seed's answer exactly the listable leechers. This exercises the removal bookkeeping of the pick lists. With
     * two ports, most announces of a known peer change nothing but its time, so its entry is kept and moved to the
     * newest end (and must then expire by its new time, not its old one).
     */
    @ParameterizedTest
    @ValueSource(ints = {2, 100})
    void answersMatchAModelThroughChurnAndExpiry(int ports) {
        SplittableRandom dice = new SplittableRandom(7);
        Map<String, Modelled> model = new HashMap<>();
        for (int step = 0; step < 3000; step++) {
            int roll = dice.nextInt(100);
            String id = "p" + dice.nextInt(120);
            String ip = "10.0.0." + id.substring(1);
            if (roll < 10) {
                clock.advance(Duration.ofSeconds(dice.nextInt(40)));
                continue;
            }
            boolean stop = roll < 25;
            long left = dice.nextInt(3) == 0 ? 0 : 9;
            int port = dice.nextInt(5) == 0 ? 0 : 6000 + dice.nextInt(ports);
            AnnounceResponse answer = registry.announceNow(new AnnounceRequest(HASH, id, port, 0, 0, left,
                    stop ? Event.STOPPED : null, 200), false, new InetSocketAddress(ip, 40000), certificate(id, ip));
            Instant oldest = clock.instant().minus(INTERVAL.multipliedBy(2));
            model.values().removeIf(e -> e.lastSeen().isBefore(oldest));
            if (stop) {
                model.remove(id);
            } else {
                model.put(id, new Modelled(id, ip, port, left, certificate(id, ip), clock.instant()));
            }
            Set<Peer> expected = model.values().stream()
                    .filter(e -> e.port() > 0 && !e.peerId().equals(id) && !(left == 0 && e.seed()))
                    .map(e -> new Peer(e.peerId(), e.ip(), e.port(), e.certificate().hex()))
                    .collect(Collectors.toSet());
            assertEquals(expected, new HashSet<>(answer.peers()), "step " + step);
            assertEquals(expected.size(), answer.peers().size(), "step " + step);
            assertEquals(model.values().stream().filter(Modelled::seed).count(), answer.complete(), "step " + step);
            assertEquals(model.values().stream().filter(e -> !e.seed()).count(), answer.incomplete(), "step " + step);
        }
        assertFalse(model.isEmpty());
    }

    /** What the model remembers of a peer's latest announce. */
    private record Modelled(String peerId, String ip, int port, long left, Fingerprint certificate,
                            Instant lastSeen) {
        boolean seed() {
            return left == 0;
        }
    }

    private AnnounceResponse announce(String peerId, int port, long left, String ip, boolean origin) {
        return registry.announceNow(new AnnounceRequest(HASH, peerId, port, 0, 0, left, Event.STARTED), origin,
                new InetSocketAddress(ip, 40000), certificate(peerId, ip));
    }
}
