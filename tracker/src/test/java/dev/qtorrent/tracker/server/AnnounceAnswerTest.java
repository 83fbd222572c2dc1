package dev.qtorrent.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceRequest.Event;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.AnnounceResponse.Peer;
import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ErrorResponse;
import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.Response;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.tracker.TestTracker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * docs/PROTOCOL.md section 5.3 over real QUIC: how many peers an answer lists (numwant), that they are picked at
 * random, that a seed hears of leechers only, and that nobody hears of itself. Every peer announces from 127.0.0.1
 * and is told apart by its peer id.
 */
@Timeout(60)
class AnnounceAnswerTest {
    /** The tracker's own peer entry, as {@link TestTracker} configures it, with its own certificate's fingerprint. */
    private static Peer self(TestTracker tracker) {
        return new Peer("qtorrent-tracker", "127.0.0.1", 7001, tracker.identity().fingerprint().hex());
    }

    /** A peer announcing through {@link TestTracker#connect()}, listed with that connection's client certificate. */
    private static Peer client(TestTracker tracker, String peerId, int port) {
        return new Peer(peerId, "127.0.0.1", port, tracker.clientIdentity().fingerprint().hex());
    }

    private final MessageCodec codec = new MessageCodec();

    @TempDir
    Path seed;

    /** numwant on the wire: absent is 50, 0 and 200 are the bounds, and the origin's entry counts as one. */
    @ParameterizedTest(name = "numwant {0} -> {1} entries")
    @CsvSource(nullValues = "absent", value = {"absent, 50", "0, 0", "1, 1", "200, 200"})
    void numwantSetsTheLengthOfTheAnswer(String numwant, int entries) throws Exception {
        try (TestTracker tracker = TestTracker.start(seed);
             NodeConnection connection = tracker.connect()) {
            String hash = greeting(tracker);
            announcePeers(tracker, connection, hash, 300, 5);

            Response answer = sendRaw(connection, "{\"type\":\"announce\",\"info_hash\":\"" + hash
                    + "\",\"peer_id\":\"asker\",\"port\":7000,\"uploaded\":0,\"downloaded\":0,\"left\":12"
                    + (numwant == null ? "" : ",\"numwant\":" + numwant) + "}");

            AnnounceResponse announce = assertInstanceOf(AnnounceResponse.class, answer);
            assertEquals(entries, announce.peers().size());
            assertEquals(entries, new HashSet<>(announce.peers()).size(), "no peer twice");
            if (entries > 0) {
                assertEquals(self(tracker), announce.peers().get(0), "the origin heads a leecher's list");
            }
            assertEquals(1, announce.complete());
            assertEquals(301, announce.incomplete());
        }
    }

    @ParameterizedTest
    @CsvSource({"201", "-1", "1000000", "'\"50\"'", "1.5"})
    void numwantOutOfBoundsIsAnInvalidRequest(String numwant) throws Exception {
        try (TestTracker tracker = TestTracker.start(seed);
             NodeConnection connection = tracker.connect()) {
            Response answer = sendRaw(connection, "{\"type\":\"announce\",\"info_hash\":\"" + greeting(tracker)
                    + "\",\"peer_id\":\"asker\",\"port\":7000,\"uploaded\":0,\"downloaded\":0,\"left\":12,"
                    + "\"numwant\":" + numwant + "}");

            ErrorResponse error = assertInstanceOf(ErrorResponse.class, answer);
            assertEquals(ErrorCode.INVALID_REQUEST, error.errorCode());
            if (numwant.matches("-?[0-9]+")) {
                assertTrue(error.error().contains("numwant must be between 0 and 200"), error.error());
            }
        }
    }

    /**
     * 300 leechers; two default answers (the origin and 49 peers each) differ, and 25 answers of numwant 200 (the
     * origin and 199 peers) together name every peer.
     *
     * <p>Failure probability if the picks are uniform: two independent sets of 49 out of 300 are equal with
     * probability 1 / C(300, 49) < 1e-55. A given peer is missing from one answer of 199 out of 300 with probability
     * 101/300, so from all 25 with (101/300)^25 < 1.6e-12, and by the union bound some peer is missing with
     * probability below 300 × 1.6e-12 < 5e-10. Both together: below 1e-9.
     */
    @Test
    void peersArePickedAtRandomAndEveryPeerTurnsUp() throws Exception {
        try (TestTracker tracker = TestTracker.start(seed);
             NodeConnection connection = tracker.connect()) {
            String hash = greeting(tracker);
            Set<Peer> everyone = announcePeers(tracker, connection, hash, 300, 5);

            List<Peer> first = announce(connection, new AnnounceRequest(hash, "observer", 0, 0, 0, 12, null)).peers();
            List<Peer> second = announce(connection, new AnnounceRequest(hash, "observer", 0, 0, 0, 12, null))
                    .peers();
            assertEquals(50, first.size());
            assertEquals(50, second.size());
            assertNotEquals(new HashSet<>(first), new HashSet<>(second));

            Set<Peer> seen = new HashSet<>();
            for (int i = 0; i < 25; i++) {
                AnnounceResponse answer = announce(connection, new AnnounceRequest(hash, "observer", 0, 0, 0, 12,
                        null, 200));
                assertEquals(self(tracker), answer.peers().get(0));
                seen.addAll(answer.peers().subList(1, answer.peers().size()));
            }
            assertEquals(everyone, seen);
        }
    }

    /** A seed is sent leechers only: no other seed, and not the tracker, which is a seed too. */
    @Test
    void seedIsSentNoSeeds() throws Exception {
        try (TestTracker tracker = TestTracker.start(seed);
             NodeConnection connection = tracker.connect()) {
            String hash = greeting(tracker);
            Set<Peer> leechers = announcePeers(tracker, connection, hash, 30, 5);
            for (int i = 0; i < 30; i++) {
                announce(connection, new AnnounceRequest(hash, "seed-" + i, 9000 + i, 12, 0, 0, Event.COMPLETED));
            }

            for (int i = 0; i < 10; i++) {
                AnnounceResponse answer = announce(connection, new AnnounceRequest(hash, "seed-" + i, 9000 + i, 12,
                        0, 0, null, 200));
                assertEquals(leechers, new HashSet<>(answer.peers()), "answer " + i);
                assertEquals(30, answer.peers().size());
                assertEquals(31, answer.complete(), "30 seeds and the tracker");
                assertEquals(30, answer.incomplete());
            }
            AnnounceResponse leecher = announce(connection, new AnnounceRequest(hash, "peer-0", 8000, 0, 0, 5, null,
                    200));
            assertTrue(leecher.peers().stream().anyMatch(p -> p.peerId().startsWith("seed-")),
                    "a leecher is sent seeds");
        }
    }

    /** Whatever numwant and however small the swarm, the asker is never in its own answer. */
    @Test
    void askerIsNeverInItsOwnAnswer() throws Exception {
        try (TestTracker tracker = TestTracker.start(seed);
             NodeConnection connection = tracker.connect()) {
            String hash = greeting(tracker);
            Set<Peer> everyone = announcePeers(tracker, connection, hash, 4, 0);
            for (int round = 0; round < 20; round++) {
                for (int i = 0; i < 4; i++) {
                    // Peers 0 and 1 are seeds, 2 and 3 leechers.
                    long left = i < 2 ? 0 : 5;
                    AnnounceResponse answer = announce(connection, new AnnounceRequest(hash, "peer-" + i, 8000 + i,
                            0, 0, left, null, round % 2 == 0 ? 200 : 2));
                    Peer asker = client(tracker, "peer-" + i, 8000 + i);
                    assertFalse(answer.peers().contains(asker), answer.peers() + " lists its asker " + asker);
                    assertTrue(everyone.containsAll(answer.peers().stream().filter(p -> !p.equals(self(tracker)))
                            .toList()));
                }
            }
        }
    }

    /** Announces {@code count} peers, peer-0, peer-1, …, with {@code left} bytes missing; returns their entries. */
    private Set<Peer> announcePeers(TestTracker tracker, NodeConnection connection, String hash, int count,
                                    long left) throws Exception {
        List<CompletableFuture<Response>> answers = new ArrayList<>();
        Set<Peer> peers = new HashSet<>();
        for (int i = 0; i < count; i++) {
            answers.add(connection.exchange(new AnnounceRequest(hash, "peer-" + i, 8000 + i, 0, 0, left,
                    Event.STARTED, 0)));
            peers.add(client(tracker, "peer-" + i, 8000 + i));
        }
        for (CompletableFuture<Response> answer : answers) {
            assertInstanceOf(AnnounceResponse.class, answer.get(20, TimeUnit.SECONDS));
        }
        return peers;
    }

    private static String greeting(TestTracker tracker) {
        return tracker.torrent("hello_world.txt").infoHash().hex();
    }

    private AnnounceResponse announce(NodeConnection connection, AnnounceRequest request) throws Exception {
        return assertInstanceOf(AnnounceResponse.class, connection.exchange(request).get(10, TimeUnit.SECONDS));
    }

    private Response sendRaw(NodeConnection connection, String json) throws Exception {
        byte[] raw = connection.exchangeRaw(json.getBytes(StandardCharsets.UTF_8), true, 1 << 16)
                .get(10, TimeUnit.SECONDS);
        int newline = 0;
        while (raw[newline] != MessageCodec.HEADER_END) {
            newline++;
        }
        return codec.decodeResponseHeader(Arrays.copyOf(raw, newline));
    }
}
