package dev.qtorrent.client.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ProtocolException;
import dev.qtorrent.common.metainfo.InfoHash;
import dev.qtorrent.common.tls.Fingerprint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What a private torrent's node remembers of its tracker's answers: a yes for good, a no or a failure for a few
 * seconds, one question at a time per certificate and a bounded number in all. The tracker here is a list of pending
 * answers the test settles by hand, and time a counter it moves; {@link PrivateSwarmCheckTest} asks a real tracker.
 */
class ListedPeersTest {
    private final InfoHash hash = InfoHash.of("d4:name4:teste".getBytes(StandardCharsets.US_ASCII));
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<CompletableFuture<Boolean>> questions = new ArrayList<>();
    private final List<Fingerprint> askedAbout = new ArrayList<>();
    private final ListedPeers peers = new ListedPeers(hash, (infoHash, peer) -> {
        assertEquals(hash, infoHash);
        askedAbout.add(peer);
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        questions.add(answer);
        return answer;
    }, now::get);

    @Test
    void aListedPeerIsAdmittedWithoutAsking() {
        Fingerprint listed = fingerprint(1);
        peers.add(listed);
        assertTrue(peers.admit(listed).isDone());
        assertFalse(peers.admit(listed).isCompletedExceptionally());
        assertEquals(List.of(), askedAbout);
    }

    @Test
    void aYesIsKeptAndQuestionsAboutOnePeerAreShared() {
        Fingerprint peer = fingerprint(2);
        CompletableFuture<Void> first = peers.admit(peer);
        CompletableFuture<Void> second = peers.admit(peer);
        assertSame(first, second, "one question for both requests");
        assertFalse(first.isDone());

        questions.get(0).complete(true);
        assertTrue(first.isDone() && !first.isCompletedExceptionally());
        assertTrue(peers.contains(peer));
        now.addAndGet(ListedPeers.REFUSAL_MEMORY.toNanos() * 100);
        assertFalse(peers.admit(peer).isCompletedExceptionally());
        assertEquals(List.of(peer), askedAbout, "asked once");
    }

    @Test
    void aNoIsRememberedForAFewSecondsThenAskedAgain() throws Exception {
        Fingerprint stranger = fingerprint(3);
        CompletableFuture<Void> refused = peers.admit(stranger);
        questions.get(0).complete(false);
        assertTrue(refusal(refused).getMessage().contains("the tracker does not list it"), refusal(refused)
                .getMessage());
        for (int i = 0; i < 10; i++) {
            assertEquals(ErrorCode.NOT_LISTED, refusal(peers.admit(stranger)).code());
        }
        assertEquals(1, askedAbout.size(), "a stranger's retries do not reach the tracker");

        now.addAndGet(ListedPeers.REFUSAL_MEMORY.toNanos());
        CompletableFuture<Void> later = peers.admit(stranger);
        assertEquals(2, askedAbout.size(), "asked again once the memory has passed");
        questions.get(1).complete(true);
        assertFalse(later.isCompletedExceptionally(), "it announced meanwhile");
    }

    @Test
    void aTrackerThatCannotBeAskedRefusesAndSaysWhy() throws Exception {
        Fingerprint peer = fingerprint(4);
        CompletableFuture<Void> refused = peers.admit(peer);
        questions.get(0).completeExceptionally(new IOException("the tracker answered unknown_type: unsupported"));
        ProtocolException e = refusal(refused);
        assertEquals(ErrorCode.NOT_LISTED, e.code());
        assertTrue(e.getMessage().contains("could not be asked (the tracker answered unknown_type"), e.getMessage());
        assertEquals(ErrorCode.NOT_LISTED, refusal(peers.admit(peer)).code());
        assertEquals(1, askedAbout.size(), "a failure is remembered as a no is");
    }

    @Test
    void atMostSoManyQuestionsRunAtOnce() throws Exception {
        for (int i = 0; i < ListedPeers.MAX_ASKING; i++) {
            assertFalse(peers.admit(fingerprint(100 + i)).isDone());
        }
        ProtocolException e = refusal(peers.admit(fingerprint(99)));
        assertTrue(e.getMessage().contains("try again later"), e.getMessage());
        assertEquals(ListedPeers.MAX_ASKING, askedAbout.size());

        questions.get(0).complete(false);
        assertFalse(peers.admit(fingerprint(99)).isDone(), "a slot is free again");
    }

    @Test
    void withoutATrackerToAskOnlyListedPeersAreAdmitted() throws Exception {
        ListedPeers alone = new ListedPeers(hash, null, now::get);
        alone.add(fingerprint(5));
        assertFalse(alone.admit(fingerprint(5)).isCompletedExceptionally());
        assertEquals(ErrorCode.NOT_LISTED, refusal(alone.admit(fingerprint(6))).code());
    }

    private static ProtocolException refusal(CompletableFuture<Void> admission) throws InterruptedException {
        assertTrue(admission.isDone(), "decided");
        try {
            admission.get();
        } catch (ExecutionException e) {
            return assertInstanceOf(ProtocolException.class, e.getCause());
        }
        throw new AssertionError("admitted");
    }

    private static Fingerprint fingerprint(int n) {
        byte[] bytes = new byte[32];
        bytes[0] = (byte) (n >> 8);
        bytes[1] = (byte) n;
        return new Fingerprint(HexFormat.of().formatHex(bytes));
    }
}
