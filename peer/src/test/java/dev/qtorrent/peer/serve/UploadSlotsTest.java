package dev.qtorrent.peer.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ProtocolException;
import io.netty.channel.Channel;
import io.netty.channel.DefaultChannelId;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Turns at the node's upload slots, on a clock the test moves: a freed slot is kept for the connection refused
 * first, others are refused meanwhile and queue behind it, and a turn not taken in time passes to the next in line.
 * Connections and streams are embedded channels, a stream's parent being its connection as on QUIC.
 */
class UploadSlotsTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private long now = 1_000 * MS;
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void closeAll() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    private UploadSlots slots(int perConnection, int total) {
        return new UploadSlots(ServerLimits.defaults().withUploadSlots(perConnection, total), () -> now);
    }

    private EmbeddedChannel connection() {
        EmbeddedChannel connection = new EmbeddedChannel();
        channels.add(connection);
        return connection;
    }

    /** A new stream of {@code connection} that asks for a piece; returns it once it holds a slot. */
    private EmbeddedChannel piece(UploadSlots slots, Channel connection) {
        EmbeddedChannel stream = new EmbeddedChannel(connection, DefaultChannelId.newInstance(), true, false);
        channels.add(stream);
        slots.acquire(stream);
        return stream;
    }

    private static void assertBusy(UploadSlots slots, Runnable ask) {
        ProtocolException busy = assertThrows(ProtocolException.class, ask::run);
        assertEquals(ErrorCode.BUSY, busy.code());
    }

    @Test
    void aFreedSlotIsKeptForTheConnectionRefusedFirst() {
        UploadSlots slots = slots(4, 1);
        EmbeddedChannel a = connection();
        EmbeddedChannel b = connection();
        EmbeddedChannel c = connection();
        EmbeddedChannel first = piece(slots, a);
        assertBusy(slots, () -> piece(slots, b));
        now += 10 * MS;
        assertBusy(slots, () -> piece(slots, c));

        first.close();
        assertEquals(1, slots.keptForTurns());
        // A, whose piece just ended, and C, refused after B, are refused while B's turn lasts.
        assertBusy(slots, () -> piece(slots, a));
        assertBusy(slots, () -> piece(slots, c));
        now += UploadSlots.RETRY_AFTER.toNanos();
        EmbeddedChannel second = piece(slots, b);
        assertEquals(0, slots.keptForTurns());

        // C was in line before A: the next turn is C's, then A's.
        second.close();
        assertBusy(slots, () -> piece(slots, a));
        EmbeddedChannel third = piece(slots, c);
        third.close();
        piece(slots, a);
        assertEquals(1, slots.inUse());
    }

    @Test
    void aTurnNotTakenInTimePassesToTheNextInLine() {
        UploadSlots slots = slots(4, 1);
        EmbeddedChannel a = connection();
        EmbeddedChannel gone = connection();
        EmbeddedChannel waiting = connection();
        EmbeddedChannel first = piece(slots, a);
        assertBusy(slots, () -> piece(slots, gone));
        assertBusy(slots, () -> piece(slots, waiting));

        first.close();
        now += UploadSlots.RETRY_AFTER.toNanos();
        assertBusy(slots, () -> piece(slots, waiting));
        // The first in line never comes back: once its time is over, the one that kept asking is served.
        now += UploadSlots.GRACE.toNanos() + MS;
        piece(slots, waiting);
        assertEquals(0, slots.keptForTurns());
    }

    @Test
    void aConnectionThatStoppedAskingLongAgoLosesItsPlace() {
        UploadSlots slots = slots(4, 1);
        EmbeddedChannel first = piece(slots, connection());
        EmbeddedChannel stale = connection();
        assertBusy(slots, () -> piece(slots, stale));
        now += 10 * (UploadSlots.RETRY_AFTER.toNanos() + UploadSlots.GRACE.toNanos());

        first.close();
        // Nobody in line can still be waiting: the slot is free for whoever asks.
        assertEquals(0, slots.keptForTurns());
        piece(slots, connection());
    }

    @Test
    void aClosedConnectionLeavesTheLineAndItsKeptSlot() {
        UploadSlots slots = slots(4, 1);
        EmbeddedChannel first = piece(slots, connection());
        EmbeddedChannel closing = connection();
        EmbeddedChannel next = connection();
        assertBusy(slots, () -> piece(slots, closing));
        assertBusy(slots, () -> piece(slots, next));
        first.close();
        assertEquals(1, slots.keptForTurns());

        closing.close();
        // Its kept slot went to the next in line at once.
        assertEquals(1, slots.keptForTurns());
        assertBusy(slots, () -> piece(slots, connection()));
        piece(slots, next);
        assertEquals(0, slots.keptForTurns());
    }

    @Test
    void thePerConnectionLimitGivesNoPlaceInLine() {
        UploadSlots slots = slots(1, 2);
        EmbeddedChannel a = connection();
        EmbeddedChannel held = piece(slots, a);
        ProtocolException busy = assertThrows(ProtocolException.class, () -> piece(slots, a));
        assertEquals(ErrorCode.BUSY, busy.code());
        EmbeddedChannel other = piece(slots, connection());

        held.close();
        // A was refused for its own limit, not for want of a node slot: the freed slot is anyone's.
        assertEquals(0, slots.keptForTurns());
        piece(slots, connection());
        other.close();
        assertEquals(1, slots.inUse());
    }
}
