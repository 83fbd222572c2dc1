package dev.qtorrent.tracker.swarm.redis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceResponse.Peer;
import dev.qtorrent.common.tls.Fingerprint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import dev.qtorrent.tracker.swarm.SwarmCopy;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a copy of a swarm comes to be complete, and what an unreadable line does to it. */
class CopiedSwarmsTest {
    private static final String HASH = "0123456789abcdef0123456789abcdef01234567";
    private final CopiedSwarms copies = new CopiedSwarms(new SwarmCopy(Clock.systemUTC(), Duration.ofMinutes(30),
            new Peer("qtorrent-tracker", "203.0.113.1", 7001, "ab".repeat(32))));

    @Test
    void aSwarmIsLoadedOnceAndCompleteWhenItsEntriesArrive() {
        assertTrue(copies.startLoad(HASH));
        assertFalse(copies.startLoad(HASH), "already loading");
        assertFalse(copies.complete(HASH));

        copies.loaded(HASH, List.of(), 0);
        assertTrue(copies.complete(HASH));
        assertTrue(copies.tendDue(HASH, 10));
        assertFalse(copies.tendDue(HASH, 10), "once a second");
        assertTrue(copies.tendDue(HASH, 11));
    }

    @Test
    void anUnreadableLineLeavesTheSwarmToBeLoadedAgain() {
        assertTrue(copies.startLoad(HASH));
        copies.changed(HASH, new byte[] {'X', 1, 2}, 0);

        assertThrows(IllegalArgumentException.class, () -> copies.loaded(HASH, List.of(), 0));
        assertFalse(copies.complete(HASH));
        assertTrue(copies.startLoad(HASH), "the next announce loads it again");
    }

    @Test
    void aChangeThatComesAfterANewerOneOfTheSameEntryIsPassedOver() throws Exception {
        copies.startLoad(HASH);
        copies.changed(HASH, put(1, 6000), 0);             // held back while loading, before the load's change 1
        copies.loaded(HASH, List.of(), 1);
        assertFalse(answers(6000), "in the copy as loaded already, or not at all");

        copies.changed(HASH, put(3, 7000), 0);
        copies.changed(HASH, put(2, 6000), 0);             // older: heard of later, by another path
        assertTrue(answers(7000));
        copies.changed(HASH, drop(2), 0);
        assertTrue(answers(7000), "an older drop leaves the newer entry");

        copies.changed(HASH, drop(4), 0);
        copies.changed(HASH, put(3, 7000), 0);             // the same change again
        assertFalse(answers(7000), "dropped by the newest change");
        copies.changed(HASH, put(5, 6000), 0);
        assertTrue(answers(6000), "back with a newer change");
    }

    private static final String PEER = "-QT0100-copy";
    private static final byte[] ADDRESS = {10, 0, 0, 1};
    private static final byte[] CERTIFICATE = new byte[32];

    private boolean answers(int port) throws Exception {
        return copies.refresh(new AnnounceRequest(HASH, PEER, port, 0, 0, 100, null),
                false, new InetSocketAddress(InetAddress.getByAddress(ADDRESS), 40000),
                new Fingerprint(HexFormat.of().formatHex(CERTIFICATE))) != null;
    }

    private static byte[] put(int change, int port) {
        byte[] value = SwarmEntries.value(HexFormat.of().formatHex(CERTIFICATE), port, false);
        return line('P', change, value);
    }

    private static byte[] drop(int change) {
        return line('D', change, new byte[0]);
    }

    private static byte[] line(char kind, int change, byte[] value) {
        byte[] key = SwarmEntries.key(PEER, address());
        byte[] line = new byte[5 + value.length + key.length];
        line[0] = (byte) kind;
        line[1] = (byte) (change >>> 24);
        line[2] = (byte) (change >>> 16);
        line[3] = (byte) (change >>> 8);
        line[4] = (byte) change;
        System.arraycopy(value, 0, line, 5, value.length);
        System.arraycopy(key, 0, line, 5 + value.length, key.length);
        return line;
    }

    private static InetAddress address() {
        try {
            return InetAddress.getByAddress(ADDRESS);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aLostFeedForgetsEveryCopy() {
        copies.startLoad(HASH);
        copies.loaded(HASH, List.of(), 0);
        copies.forgetAll();
        assertFalse(copies.complete(HASH));
        assertTrue(copies.startLoad(HASH));
    }
}
