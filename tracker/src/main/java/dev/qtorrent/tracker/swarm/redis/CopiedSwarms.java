package dev.qtorrent.tracker.swarm.redis;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.tls.Fingerprint;
import dev.qtorrent.tracker.swarm.SwarmCopy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The swarms this instance copies from Redis, and how far each copy has got. A swarm is copied from the first time
 * an announce for it reaches this instance: its entries are loaded (load.lua) while the entries put and dropped
 * meanwhile are held back, then those are applied in the order they came. From then on every entry any instance puts
 * or drops (expiry included) reaches the copy: by the answers of this instance's scripts, or by pub/sub for the other
 * instances'. Only a copy that is complete answers. When the feed of changes is lost, messages may have been too:
 * every copy is forgotten and made again ({@link #forgetAll()}).
 */
final class CopiedSwarms {
    private final SwarmCopy copy;
    private final ConcurrentHashMap<String, Object> states = new ConcurrentHashMap<>();

    CopiedSwarms(SwarmCopy copy) {
        this.copy = copy;
    }

    /** {@link SwarmCopy#refresh}, from a complete copy only; null otherwise. */
    AnnounceResponse refresh(AnnounceRequest request, boolean origin, InetSocketAddress from, Fingerprint certificate) {
        return states.get(request.infoHash()) instanceof CopiedSwarm ? copy.refresh(request, origin, from, certificate)
                : null;
    }

    boolean complete(String infoHash) {
        return states.get(infoHash) instanceof CopiedSwarm;
    }

    /**
     * Whether the expiry of a copied swarm is due at {@code second}: true for one caller a second (the first to ask),
     * so that the announces answered from the copy run tend.lua at most once a second per swarm.
     */
    boolean tendDue(String infoHash, long second) {
        if (!(states.get(infoHash) instanceof CopiedSwarm copied)) {
            return false;
        }
        long last = copied.tended.get();
        return last < second && copied.tended.compareAndSet(last, second);
    }

    /** Whether a load of {@code infoHash}'s swarm should begin now: it is neither copied nor loading. */
    boolean startLoad(String infoHash) {
        return states.putIfAbsent(infoHash, new ArrayList<byte[]>()) == null;
    }

    /**
     * The loaded entries (as 'P' lines), as Redis had them at change {@code loadedAt}, then the lines held back while
     * loading: the copy is complete. A line that cannot be read leaves the swarm uncopied (its next announce loads it
     * again) and is thrown.
     */
    void loaded(String infoHash, List<?> entries, int loadedAt) {
        RuntimeException[] unreadable = new RuntimeException[1];
        states.computeIfPresent(infoHash, (key, state) -> {
            if (state instanceof CopiedSwarm) {
                return state;
            }
            try {
                copy.forget(infoHash);
                for (Object entry : entries) {
                    apply(infoHash, (byte[]) entry, 0, null);
                }
                CopiedSwarm copied = new CopiedSwarm(loadedAt);
                for (Object line : (List<?>) state) {
                    apply(infoHash, (byte[]) line, 0, copied);
                }
                return copied;
            } catch (RuntimeException e) {
                copy.forget(infoHash);
                unreadable[0] = e;
                return null;
            }
        });
        if (unreadable[0] != null) {
            throw unreadable[0];
        }
    }

    void loadFailed(String infoHash) {
        states.computeIfPresent(infoHash, (key, state) -> state instanceof CopiedSwarm ? state : null);
    }

    /** An entry put ('P') or dropped ('D'), from {@code at} in {@code message}, for a swarm copied or loading. */
    @SuppressWarnings("unchecked")
    void changed(String infoHash, byte[] message, int at) {
        states.computeIfPresent(infoHash, (key, state) -> {
            if (state instanceof CopiedSwarm copied) {
                apply(infoHash, message, at, copied);
            } else {
                ((List<byte[]>) state).add(at == 0 ? message : Arrays.copyOfRange(message, at, message.length));
            }
            return state;
        });
    }

    /** Stops copying swarms left empty, and forgets the changes of entries dropped long ago. */
    void sweep() {
        for (String infoHash : states.keySet()) {
            states.computeIfPresent(infoHash, (key, state) -> {
                if (state instanceof CopiedSwarm copied) {
                    if (!copy.holds(key)) {
                        return null;
                    }
                    copied.purge();
                }
                return state;
            });
        }
    }

    /** Forgets every copy: each is loaded again by the next announce of its swarm. */
    void forgetAll() {
        states.clear();
        copy.clear();
    }

    static boolean isCopyLine(byte kind) {
        return kind == 'P' || kind == 'D';
    }

    /**
     * Applies one line: 'P' or 'D', the change's count (4 bytes), then the value and key or the key alone. With
     * {@code order}, a change older than what the copy has of the entry is passed over; without, it is loaded.
     */
    private void apply(String infoHash, byte[] line, int at, CopiedSwarm order) {
        byte kind = line[at];
        if (kind != 'P' && kind != 'D') {
            throw new IllegalArgumentException("not an entry change: " + (char) kind);
        }
        int change = (line[at + 1] & 0xff) << 24 | (line[at + 2] & 0xff) << 16 | (line[at + 3] & 0xff) << 8
                | line[at + 4] & 0xff;
        int value = at + 5;
        int key = kind == 'P' ? value + SwarmEntries.VALUE_LENGTH : value;
        if (key >= line.length || order != null && !order.take(
                new String(line, key, line.length - key, StandardCharsets.ISO_8859_1), change, kind == 'D')) {
            return;
        }
        if (kind == 'D') {
            copy.drop(infoHash, peerId(line, key), address(line, key));
            return;
        }
        int port = (line[value + 32] & 0xff) << 8 | line[value + 33] & 0xff;
        Fingerprint certificate = new Fingerprint(SwarmEntries.certificateHex(
                Arrays.copyOfRange(line, value, value + 32)));
        copy.put(infoHash, peerId(line, key), address(line, key), port, line[value + 34] == 1, certificate);
    }

    /** The address of an entry key at {@code key}: its length, then its bytes. */
    private static InetAddress address(byte[] line, int key) {
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(line, key + 1, key + 1 + line[key]));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an address of " + line[key] + " bytes", e);
        }
    }

    private static String peerId(byte[] line, int key) {
        int from = key + 1 + line[key];
        return new String(line, from, line.length - from, StandardCharsets.US_ASCII);
    }
}
