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
import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.Response;
import dev.qtorrent.common.tls.Fingerprint;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the registry's compact entries, striped locks and sweep must keep: large swarms through churn, IPv6 peers as
 * the wire lists them, expiry that is never early or visible, and announces from many threads at once.
 */
@Timeout(30)
class SwarmScaleTest {
    private static final Duration INTERVAL = Duration.ofSeconds(60);
    private static final Peer SELF = new Peer("qtorrent-tracker", "203.0.113.1", 7001, "ab".repeat(32));
    private static final String HASH = "0123456789abcdef0123456789abcdef01234567";
    private static final String OTHER = "fedcba9876543210fedcba9876543210fedcba98";

    private final ManualClock clock = new ManualClock(Instant.parse("2024-01-01T00:00:00.250Z"));
    private final SwarmRegistry registry = new SwarmRegistry(clock, INTERVAL, SELF);

    @Test
    void aLargeSwarmKeepsEveryEntryThroughChurn() {
        int peers = 5000;
        for (int i = 0; i < peers; i++) {
            announce(HASH, "p" + i, ip(i), 6000, i % 3 == 0 ? 0 : 10, Event.STARTED);
        }
        for (int i = 0; i < peers; i += 2) {
            announce(HASH, "p" + i, ip(i), 6000, 0, Event.STOPPED);
        }
        long seeds = 0;
        for (int i = 1; i < peers; i += 2) {
            seeds += i % 3 == 0 ? 1 : 0;
        }
        assertEquals(new SwarmCounts((int) seeds, (int) (peers / 2 - seeds), 0), registry.countsNow(HASH));
        for (int i = 0; i < peers; i++) {
            Fingerprint certificate = certificate("p" + i, ip(i));
            assertEquals(i % 2 == 1, registry.listedNow(HASH, certificate), "p" + i);
            assertEquals(i % 2 == 1, registry.serving(HASH, certificate), "p" + i);
        }
        AnnounceResponse all = announce(HASH, "asker", "10.99.0.1", 0, 10, null, AnnounceRequest.MAX_NUMWANT);
        assertEquals(AnnounceRequest.MAX_NUMWANT, all.peers().size());
        assertEquals(AnnounceRequest.MAX_NUMWANT, all.peers().stream().distinct().count());
    }

    @Test
    void oneCertificateHoldingManyEntriesLeavesThemInAnyOrder() {
        // One client announcing many peer ids: its entries share a certificate, and each leaves the chain alone.
        Fingerprint one = certificate("many", "10.1.0.1");
        int entries = 2000;
        List<Integer> order = new java.util.ArrayList<>();
        for (int i = 0; i < entries; i++) {
            registry.announceNow(new AnnounceRequest(HASH, "m" + i, 6000, 0, 0, 10, Event.STARTED), true,
                    new InetSocketAddress("10.1.0.1", 40000), one);
            order.add(i);
        }
        java.util.Collections.shuffle(order, new java.util.Random(3));
        for (int n = 0; n < entries; n++) {
            int i = order.get(n);
            registry.announceNow(new AnnounceRequest(HASH, "m" + i, 6000, 0, 0, 10, Event.STOPPED), true,
                    new InetSocketAddress("10.1.0.1", 40000), one);
            boolean left = n < entries - 1;
            assertEquals(left, registry.listedNow(HASH, one), "after " + (n + 1) + " left");
            assertEquals(left, registry.serving(HASH, one), "after " + (n + 1) + " left");
        }
        assertEquals(new SwarmCounts(0, 0, 0), registry.countsNow(HASH));
    }

    @Test
    void ipv6PeersAreListedAsTheWireWritesThem() {
        announce(HASH, "v6", "2001:db8::5", 6881, 10, Event.STARTED);
        AnnounceResponse answer = announce(HASH, "v4", "10.0.0.1", 6882, 10, Event.STARTED);
        assertEquals(List.of(SELF, new Peer("v6", "2001:db8:0:0:0:0:0:5", 6881,
                certificate("v6", "2001:db8::5").hex())), answer.peers());
    }

    @Test
    void answersWrittenFromEntriesAreTheBytesOfTheirPeers() throws Exception {
        // Ids with the two characters JSON escapes, addresses of every width, ports of every length, and IPv6; and
        // ids around 20 bytes, where an IPv4 key stops fitting the entry's three words.
        String[] ids = {"-QT0100-abcdefghijkl", "quo\"te", "back\\slash", "x", "~".repeat(64), "y".repeat(19),
                "z".repeat(21), "w".repeat(24), "v".repeat(25), "q\"".repeat(11)};
        String[] ips = {"10.0.0.1", "192.168.100.200", "1.22.3.255", "2001:db8::7"};
        int[] ports = {1, 80, 6881, 65535};
        int n = 0;
        for (String id : ids) {
            for (String ip : ips) {
                announce(HASH, id, ip, ports[n++ % ports.length], n % 2, Event.STARTED);
            }
        }
        MessageCodec codec = new MessageCodec();
        for (long left : new long[] {0, 10}) {
            AnnounceResponse answer = announce(HASH, "asker", "10.9.9.9", 7000, left, null,
                    AnnounceRequest.MAX_NUMWANT);
            AnnounceResponse asRecords = new AnnounceResponse(answer.interval(), List.copyOf(answer.peers()),
                    answer.complete(), answer.incomplete());
            String written = new String(codec.encodeResponseHeader(answer), StandardCharsets.UTF_8);
            String fromRecords = new ObjectMapper().writerFor(Response.class).writeValueAsString(asRecords) + "\n";

            assertEquals(fromRecords, written);
            assertEquals(asRecords, codec.decodeResponseHeader(written.trim().getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void sweepDropsExpiredPeersAndEmptySwarmsButNeverLiveOnes() {
        announce(HASH, "old", "10.0.0.1", 6881, 10, Event.STARTED);
        announce(OTHER, "old", "10.0.0.1", 6881, 10, Event.STARTED);
        clock.advance(INTERVAL);
        announce(HASH, "young", "10.0.0.2", 6882, 0, Event.STARTED);
        clock.advance(INTERVAL);
        assertEquals(0, registry.sweep(), "two intervals exactly: still alive");
        assertEquals(new SwarmTotals(2, 1, 2), registry.totals());

        // Times are kept in whole seconds, rounded up: an entry expires up to a second late, never early.
        clock.advance(Duration.ofSeconds(1));
        assertEquals(new SwarmCounts(1, 0, 0), registry.countsNow(HASH), "expired, though not swept yet");
        assertEquals(1, registry.sweep(), "the other swarm's peer; this one's went when it was counted");
        assertFalse(registry.listedNow(OTHER, certificate("old", "10.0.0.1")));
        assertEquals(new SwarmTotals(1, 1, 0), registry.totals());
        assertTrue(registry.serving(HASH, certificate("young", "10.0.0.2")));
        assertEquals(Duration.ofSeconds(30), registry.sweepPeriod());
    }

    @Test
    void theSweeperSweepsOnItsOwnUntilClosed() throws Exception {
        announce(OTHER, "old", "10.0.0.1", 6881, 10, Event.STARTED);
        clock.advance(INTERVAL.multipliedBy(3));
        try (SwarmSweeper sweeper = SwarmSweeper.start(registry, Duration.ofMillis(10))) {
            // Nothing here touches the registry meanwhile, so only the sweeper can have dropped the expired peer.
            Thread.sleep(1000);
        }
        assertEquals(0, registry.sweep(), "already swept");
        assertEquals(new SwarmTotals(0, 0, 0), registry.totals());
    }

    @Test
    void announcesFromManyThreadsKeepExactCounts() throws Exception {
        int threads = 4;
        int perThread = 2000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String hash = String.format("%02x", (thread * perThread + i) % 256) + HASH.substring(2);
                        announce(hash, "t" + thread + "-" + i, ip(i), 6000, i % 2, Event.STARTED);
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(new SwarmTotals(256, threads * perThread / 2, threads * perThread / 2), registry.totals());
    }

    private static String ip(int i) {
        return "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
    }

    private AnnounceResponse announce(String hash, String peerId, String ip, int port, long left, Event event) {
        return announce(hash, peerId, ip, port, left, event, AnnounceRequest.DEFAULT_NUMWANT);
    }

    private AnnounceResponse announce(String hash, String peerId, String ip, int port, long left, Event event,
                                      int numwant) {
        return registry.announceNow(new AnnounceRequest(hash, peerId, port, 0, 0, left, event, numwant), true,
                new InetSocketAddress(ip, 40000), certificate(peerId, ip));
    }
}
