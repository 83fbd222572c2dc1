package dev.qtorrent.client.serve;

import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ProtocolException;
import dev.qtorrent.common.metainfo.InfoHash;
import dev.qtorrent.common.tls.Fingerprint;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Who may be served a private torrent: the fingerprints the tracker listed in the peer lists this client received,
 * and those it confirmed when asked ({@link PeerCheck}). A refusal is remembered for {@link #REFUSAL_MEMORY}, and
 * at most {@link #MAX_ASKING} checks run at once, so that strangers cannot make the node hammer its tracker; a
 * certificate that is refused may be accepted once that memory has passed.
 */
final class ListedPeers {
    /** Long enough to absorb a stranger's retries, short enough that a peer that just announced waits little. */
    static final Duration REFUSAL_MEMORY = Duration.ofSeconds(5);
    static final int MAX_ASKING = 32;
    static final int MAX_REMEMBERED = 4096;

    private record Refusal(long untilNanos, String why) {
    }

    private final InfoHash infoHash;
    private final PeerCheck check;
    private final LongSupplier nanoTime;
    private final Set<Fingerprint> listed = ConcurrentHashMap.newKeySet();
    private final Map<Fingerprint, CompletableFuture<Void>> asking = new HashMap<>();
    private final Map<Fingerprint, Refusal> refused = new HashMap<>();

    /** @param check how to ask the tracker, or null when this client cannot */
    ListedPeers(InfoHash infoHash, PeerCheck check, LongSupplier nanoTime) {
        this.infoHash = infoHash;
        this.check = check;
        this.nanoTime = nanoTime;
    }

    /** The tracker listed {@code peer} in a peer list this client received. */
    void add(Fingerprint peer) {
        listed.add(peer);
    }

    boolean contains(Fingerprint peer) {
        return listed.contains(peer);
    }

    /**
     * Completes when {@code peer} may be served, at once when it was listed, else once the tracker says so; completes
     * exceptionally with {@code not_listed} otherwise. Checks of one certificate running together share one question.
     */
    synchronized CompletableFuture<Void> admit(Fingerprint peer) {
        if (listed.contains(peer)) {
            return CompletableFuture.completedFuture(null);
        }
        if (check == null) {
            return refuse(peer, "the tracker has not listed it in its swarm to this peer");
        }
        long now = nanoTime.getAsLong();
        Refusal remembered = refused.get(peer);
        if (remembered != null && remembered.untilNanos - now > 0) {
            return refuse(peer, remembered.why);
        }
        CompletableFuture<Void> pending = asking.get(peer);
        if (pending != null) {
            return pending;
        }
        if (asking.size() >= MAX_ASKING) {
            return refuse(peer, "this peer is asking its tracker about " + MAX_ASKING + " others already; try "
                    + "again later");
        }
        CompletableFuture<Void> answer = new CompletableFuture<>();
        asking.put(peer, answer);
        check.listed(infoHash, peer).whenComplete((yes, failure) -> settle(peer, answer, yes, failure));
        return answer;
    }

    private void settle(Fingerprint peer, CompletableFuture<Void> answer, Boolean yes, Throwable failure) {
        String why = null;
        synchronized (this) {
            asking.remove(peer);
            if (failure == null && Boolean.TRUE.equals(yes)) {
                listed.add(peer);
            } else {
                why = failure == null ? "the tracker does not list it in its swarm"
                        : "it is not in the peer lists this peer received, and the tracker could not be asked ("
                                + describe(failure) + ")";
                remember(peer, why);
            }
        }
        // Completed outside the lock: what waits on the answer runs on this thread.
        if (why == null) {
            answer.complete(null);
        } else {
            answer.completeExceptionally(refusal(peer, why));
        }
    }

    private void remember(Fingerprint peer, String why) {
        long now = nanoTime.getAsLong();
        if (refused.size() >= MAX_REMEMBERED) {
            refused.values().removeIf(old -> old.untilNanos - now <= 0);
        }
        if (refused.size() < MAX_REMEMBERED) {
            refused.put(peer, new Refusal(now + REFUSAL_MEMORY.toNanos(), why));
        }
    }

    private CompletableFuture<Void> refuse(Fingerprint peer, String why) {
        return CompletableFuture.failedFuture(refusal(peer, why));
    }

    private static ProtocolException refusal(Fingerprint peer, String why) {
        return new ProtocolException(ErrorCode.NOT_LISTED, "the torrent is private and certificate sha256=" + peer
                + " may not have it: " + why);
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof java.util.concurrent.TimeoutException) {
            return "no answer in time";
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }
}
