package dev.qtorrent.tracker.swarm.redis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.message.AnnounceResponse.Peer;
import dev.qtorrent.tracker.swarm.SwarmCopy;
import java.time.Clock;
import java.time.Duration;
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

        copies.loaded(HASH, List.of());
        assertTrue(copies.complete(HASH));
        assertTrue(copies.tendDue(HASH, 10));
        assertFalse(copies.tendDue(HASH, 10), "once a second");
        assertTrue(copies.tendDue(HASH, 11));
    }

    @Test
    void anUnreadableLineLeavesTheSwarmToBeLoadedAgain() {
        assertTrue(copies.startLoad(HASH));
        copies.changed(HASH, new byte[] {'X', 1, 2}, 0);

        assertThrows(IllegalArgumentException.class, () -> copies.loaded(HASH, List.of()));
        assertFalse(copies.complete(HASH));
        assertTrue(copies.startLoad(HASH), "the next announce loads it again");
    }

    @Test
    void aLostFeedForgetsEveryCopy() {
        copies.startLoad(HASH);
        copies.loaded(HASH, List.of());
        copies.forgetAll();
        assertFalse(copies.complete(HASH));
        assertTrue(copies.startLoad(HASH));
    }
}
