package dev.qtorrent.tracker.swarm.redis;

import dev.qtorrent.tracker.swarm.SwarmChanges;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this instance learns of the swarms' changes: from the answers of its own scripts, and from the other instances
 * through pub/sub on {@value #CHANNEL}, where every message is headed by the name of the instance whose script made
 * it and the info hash. Two kinds of change: peers that join or leave the swarm's service ('J', 'L'), for watchers and
 * the serving view; and entries put or dropped ('P', 'D'), for the copies of the swarms.
 */
final class SwarmFeed {
    static final String CHANNEL = "qt:changes";
    static final byte[] CHANNEL_BYTES = SwarmKeys.bytes(CHANNEL);
    private static final Logger log = LoggerFactory.getLogger(SwarmFeed.class);
    private static final int INSTANCE_LENGTH = 16;
    private static final int HASH_LENGTH = 40;
    private static final int LINE = INSTANCE_LENGTH + HASH_LENGTH;

    /** This instance's name in the changes it publishes. */
    private final String instance = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    private final SwarmChanges changes = new SwarmChanges();
    private final ServingMirror mirror = new ServingMirror();
    private final CopiedSwarms copies;

    SwarmFeed(CopiedSwarms copies) {
        this.copies = copies;
    }

    /**
     * Hears the other instances' changes on {@code feed}, and subscribes. Lettuce subscribes again by itself after a
     * reconnect; what was published while the feed was down is lost, so the copies are then made again.
     */
    void listen(StatefulRedisPubSubConnection<byte[], byte[]> feed) {
        AtomicInteger subscriptions = new AtomicInteger();
        feed.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(byte[] channel, byte[] message) {
                published(message);
            }

            @Override
            public void subscribed(byte[] channel, long count) {
                if (subscriptions.incrementAndGet() > 1) {
                    copies.forgetAll();
                }
            }
        });
        feed.sync().subscribe(CHANNEL_BYTES);
    }

    SwarmChanges changes() {
        return changes;
    }

    ServingMirror mirror() {
        return mirror;
    }

    /** What heads this instance's messages about {@code infoHash}'s swarm. */
    byte[] prefix(String infoHash) {
        return SwarmKeys.bytes(instance + infoHash);
    }

    String instance() {
        return instance;
    }

    /**
     * What a script of this instance changed, from its answer: the peers that joined or left the swarm's service (at
     * {@code at}), then the entries put and dropped (at {@code at + 1}).
     */
    void applied(String infoHash, List<Object> answer, int at) {
        for (Object line : (List<?>) answer.get(at)) {
            served(infoHash, (byte[]) line);
        }
        for (Object line : (List<?>) answer.get(at + 1)) {
            copies.changed(infoHash, (byte[]) line, 0);
        }
    }

    /** A change another instance published (this instance's own are applied from its scripts' answers). */
    private void published(byte[] message) {
        if (message.length <= LINE
                || instance.equals(new String(message, 0, INSTANCE_LENGTH, StandardCharsets.US_ASCII))) {
            return;
        }
        String infoHash = new String(message, INSTANCE_LENGTH, HASH_LENGTH, StandardCharsets.US_ASCII);
        try {
            if (CopiedSwarms.isCopyLine(message[LINE])) {
                copies.changed(infoHash, message, LINE);
            } else {
                byte[] line = new byte[message.length - LINE];
                System.arraycopy(message, LINE, line, 0, line.length);
                served(infoHash, line);
            }
        } catch (RuntimeException e) {
            log.warn("ignored a swarm change that could not be read: {}", e.getMessage());
        }
    }

    private void served(String infoHash, byte[] line) {
        var change = SwarmEntries.change(infoHash, line);
        if (line[0] == 'J') {
            mirror.joined(infoHash, change.peer().certSha256());
        } else {
            mirror.left(infoHash, change.peer().certSha256());
        }
        changes.deliver(change);
    }
}
