package dev.qtorrent.tracker.swarm;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.AnnounceResponse.Peer;
import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ProtocolException;
import dev.qtorrent.common.tls.Fingerprint;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The swarms in memory. The torrents are split over {@value #STRIPES} stripes by info hash, each with a lock of its
 * own, so announces for different torrents seldom wait for each other. An announce costs time in proportion to the
 * peers it lists: it drops only the expired entries at the old end of its swarm (each entry expires once), and
 * {@link #sweep()}, run every {@link #sweepPeriod()} by a {@link SwarmSweeper}, drops those of swarms nobody asks
 * about and the swarms left empty. Its answers are ready at once: the stages it returns are complete, and the
 * {@code ...Now} methods give the same answers directly.
 */
public final class SwarmRegistry implements SwarmStore {
    /** A power of two well above the cores a tracker runs on, so that two announces seldom share a lock. */
    private static final int STRIPES = 64;

    private final Clock clock;
    private final Duration interval;
    /** How long an entry lives without an announce: two intervals, so one lost announce does not drop a peer. */
    private final long lifetimeMillis;
    /** Whether entries expire by time: not in a {@link SwarmCopy}, whose entries leave when its source drops them. */
    private final boolean expires;
    /** Whole seconds; entries store their times as seconds since then. */
    private final long epochMillis;
    private final Peer self;
    private final SwarmStripe[] stripes = new SwarmStripe[STRIPES];
    private final SwarmChanges changes = new SwarmChanges();

    /**
     * @param interval how often peers should announce
     * @param self     the tracker's own entry: its peer id and the address written into torrents
     */
    public SwarmRegistry(Clock clock, Duration interval, Peer self) {
        this(clock, interval, self, new SplittableRandom());
    }

    /** As above, picking peers with generators seeded from {@code random}, one per stripe. */
    public SwarmRegistry(Clock clock, Duration interval, Peer self, RandomGenerator random) {
        this(clock, interval, self, random, true);
    }

    SwarmRegistry(Clock clock, Duration interval, Peer self, RandomGenerator random, boolean expires) {
        if (interval.toSeconds() < 1) {
            throw new IllegalArgumentException("the announce interval must be at least one second");
        }
        this.clock = clock;
        this.interval = interval;
        this.lifetimeMillis = interval.multipliedBy(2).toMillis();
        this.expires = expires;
        this.epochMillis = Math.floorDiv(clock.millis(), 1000) * 1000;
        this.self = self;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new SwarmStripe(new SplittableRandom(random.nextLong()));
        }
    }

    @Override
    public CompletionStage<AnnounceResponse> announce(AnnounceRequest request, boolean origin, InetSocketAddress from,
                                                      Fingerprint certificate) {
        try {
            return CompletableFuture.completedFuture(announceNow(request, origin, from, certificate));
        } catch (ProtocolException refusal) {
            return CompletableFuture.failedFuture(refusal);
        }
    }

    @Override
    public CompletionStage<Boolean> listed(String infoHash, Fingerprint certificate) {
        return CompletableFuture.completedFuture(listedNow(infoHash, certificate));
    }

    @Override
    public CompletionStage<SwarmCounts> counts(String infoHash) {
        return CompletableFuture.completedFuture(countsNow(infoHash));
    }

    /**
     * {@link #announce} answered directly.
     *
     * @throws ProtocolException {@code peer_id_in_use} when another certificate holds this peer id at this address
     */
    public AnnounceResponse announceNow(AnnounceRequest request, boolean origin, InetSocketAddress from,
                                        Fingerprint certificate) {
        return answer(request, origin, from, certificate, false);
    }

    /**
     * {@link #announceNow} for an announce that only moves the asker's time: no event, and an entry of the same peer
     * id, address, certificate, port and progress held. Returns null, having changed nothing, for any other.
     */
    AnnounceResponse refreshNow(AnnounceRequest request, boolean origin, InetSocketAddress from,
                                Fingerprint certificate) {
        return from == null || request.event() != null ? null : answer(request, origin, from, certificate, true);
    }

    private AnnounceResponse answer(AnnounceRequest request, boolean origin, InetSocketAddress from,
                                    Fingerprint certificate, boolean refreshOnly) {
        long now = clock.millis();
        int seen = (int) -Math.floorDiv(epochMillis - now, 1000);
        // Entries are keyed by peer id and address together, so nobody can replace or remove another host's entry
        // by reusing its peer id.
        boolean seed = request.left() == 0;
        PeerEntry entry = from == null ? null : PeerEntry.of(request.peerId(), from.getAddress(), request.port(),
                seed, certificate, seen);
        int want = request.numwant();
        boolean withSelf = origin && !seed && want > 0;
        PeerEntry[] picked;
        int complete;
        int incomplete;
        SwarmStripe stripe = stripe(request.infoHash());
        synchronized (stripe) {
            // A refresh needs the swarm and the asker's entry as they are; live() has dropped what expired.
            Swarm swarm = refreshOnly ? live(stripe, request.infoHash())
                    : stripe.swarms.computeIfAbsent(request.infoHash(), key -> new Swarm());
            if (!refreshOnly) {
                expire(request.infoHash(), swarm, oldestKept(now));
            }
            PeerEntry held = entry == null || swarm == null ? null : swarm.get(entry);
            if (refreshOnly && (held == null || !held.sameValue(entry))) {
                return null;
            }
            if (held != null && !held.sameCertificate(entry)) {
                // The entry belongs to the certificate that made it: no one else at the address can move or remove it.
                throw new ProtocolException(ErrorCode.PEER_ID_IN_USE, "peer_id " + request.peerId() + " is held at "
                        + held.ip() + " by another certificate (sha256=" + held.certificateHex()
                        + "); use another peer_id");
            }
            if (request.event() == AnnounceRequest.Event.COMPLETED && entry != null) {
                stripe.downloads.merge(request.infoHash(), 1L, Long::sum);
            }
            PeerEntry asker = entry;
            if (request.event() == AnnounceRequest.Event.STOPPED) {
                asker = null;
                if (entry != null) {
                    swarm.remove(entry);
                }
            } else if (held != null && held.sameValue(entry)) {
                asker = held;
                swarm.refresh(held, seen);
            } else if (entry != null) {
                swarm.put(entry);
            }
            if (entry != null && changes.watched(request.infoHash())) {
                changes.announced(request.infoHash(), held, swarm.get(entry));
            }
            picked = swarm.pick(asker, seed, want - (withSelf ? 1 : 0), stripe.shuffle);
            complete = swarm.seeds() + (origin ? 1 : 0);
            incomplete = swarm.leechers();
            stripe.dropIfEmpty(request.infoHash(), swarm);
        }
        // Listed entries are written out after the lock is released: what an answer takes from them never changes.
        return new AnnounceResponse((int) interval.toSeconds(), new ListedPeers(withSelf ? self : null, picked),
                complete, incomplete);
    }

    /** {@link #listed} answered directly. */
    public boolean listedNow(String infoHash, Fingerprint certificate) {
        PeerEntry probe = PeerEntry.probe(certificate);
        SwarmStripe stripe = stripe(infoHash);
        synchronized (stripe) {
            Swarm swarm = live(stripe, infoHash);
            return swarm != null && swarm.holds(probe);
        }
    }

    @Override
    public boolean serving(String infoHash, Fingerprint certificate) {
        PeerEntry probe = PeerEntry.probe(certificate);
        SwarmStripe stripe = stripe(infoHash);
        synchronized (stripe) {
            Swarm swarm = live(stripe, infoHash);
            return swarm != null && swarm.serves(probe);
        }
    }

    /** {@link #counts} answered directly. */
    public SwarmCounts countsNow(String infoHash) {
        SwarmStripe stripe = stripe(infoHash);
        synchronized (stripe) {
            Swarm swarm = live(stripe, infoHash);
            long downloaded = stripe.downloads.getOrDefault(infoHash, 0L);
            return swarm == null ? new SwarmCounts(0, 0, downloaded)
                    : new SwarmCounts(swarm.seeds(), swarm.leechers(), downloaded);
        }
    }

    /** The sizes of all swarms together: one pass over the swarms, a stripe at a time, dropping what expired. */
    @Override
    public SwarmTotals totals() {
        int swarms = 0;
        long seeds = 0;
        long leechers = 0;
        for (SwarmStripe stripe : stripes) {
            synchronized (stripe) {
                sweep(stripe, oldestKept(clock.millis()));
                swarms += stripe.swarms.size();
                for (Swarm swarm : stripe.swarms.values()) {
                    seeds += swarm.seeds();
                    leechers += swarm.leechers();
                }
            }
        }
        return new SwarmTotals(swarms, seeds, leechers);
    }

    /**
     * Drops every expired entry and every swarm left empty; returns how many entries went. Answers never depend on
     * it (each swarm drops its own expired entries before it answers): it frees the memory of swarms that nobody
     * announces to any more. One stripe is locked at a time.
     */
    public int sweep() {
        int dropped = 0;
        for (SwarmStripe stripe : stripes) {
            synchronized (stripe) {
                dropped += sweep(stripe, oldestKept(clock.millis()));
            }
        }
        return dropped;
    }

    /**
     * How often {@link #sweep()} should run: half an interval. An entry expires two intervals after its last
     * announce, so a departed peer's entry is then held at most a quarter longer than its lifetime, and a sweep,
     * which visits every swarm, runs only a few times for each time a peer announces.
     */
    public Duration sweepPeriod() {
        return interval.dividedBy(2);
    }

    private int sweep(SwarmStripe stripe, int oldestKept) {
        int dropped = 0;
        for (Iterator<Map.Entry<String, Swarm>> it = stripe.swarms.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Swarm> swarm = it.next();
            dropped += expire(swarm.getKey(), swarm.getValue(), oldestKept);
            if (swarm.getValue().isEmpty()) {
                it.remove();
            }
        }
        return dropped;
    }

    @Override
    public SwarmChanges changes() {
        return changes;
    }

    /**
     * Runs {@code edit} on the swarm of {@code infoHash} (made when missing) under its stripe's lock, dropping it if
     * left empty: how a {@link SwarmCopy} applies what another store reports.
     */
    void edit(String infoHash, Consumer<Swarm> edit) {
        SwarmStripe stripe = stripe(infoHash);
        synchronized (stripe) {
            Swarm swarm = stripe.swarms.computeIfAbsent(infoHash, key -> new Swarm());
            edit.accept(swarm);
            stripe.dropIfEmpty(infoHash, swarm);
        }
    }

    /** Whether a swarm of {@code infoHash} is held, expired entries aside. */
    boolean holds(String infoHash) {
        SwarmStripe stripe = stripe(infoHash);
        synchronized (stripe) {
            return live(stripe, infoHash) != null;
        }
    }

    /** Forgets the swarm of {@code infoHash}, or every swarm when null, without telling anyone. */
    void forget(String infoHash) {
        for (SwarmStripe stripe : infoHash == null ? stripes : new SwarmStripe[] {stripe(infoHash)}) {
            synchronized (stripe) {
                if (infoHash == null) {
                    stripe.swarms.clear();
                } else {
                    stripe.swarms.remove(infoHash);
                }
            }
        }
    }

    /** Drops the expired entries of one swarm, telling its watchers of those that served it. */
    private int expire(String infoHash, Swarm swarm, int oldestKept) {
        return swarm.expire(oldestKept, entry -> {
            if (entry.listable()) {
                changes.left(infoHash, entry);
            }
        });
    }

    /** The oldest {@link PeerEntry#lastSeen} still alive at {@code now}: seen no more than the lifetime ago. */
    private int oldestKept(long now) {
        if (!expires) {
            return Integer.MIN_VALUE;
        }
        return (int) -Math.floorDiv(epochMillis + lifetimeMillis - now, 1000);
    }

    /** The swarm of {@code infoHash} with its expired entries dropped, or null when none is left. */
    private Swarm live(SwarmStripe stripe, String infoHash) {
        Swarm swarm = stripe.swarms.get(infoHash);
        if (swarm == null) {
            return null;
        }
        expire(infoHash, swarm, oldestKept(clock.millis()));
        return stripe.dropIfEmpty(infoHash, swarm) ? null : swarm;
    }

    private SwarmStripe stripe(String infoHash) {
        // Info hashes are SHA-1 in hex, so their first two digits are spread evenly.
        int high = Character.digit(infoHash.charAt(0), 16);
        int low = Character.digit(infoHash.charAt(1), 16);
        return stripes[(high << 4 | low) & (STRIPES - 1)];
    }
}
