package dev.qtorrent.common.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qtorrent.common.message.AnnounceResponse.Peer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The announce answer written by hand is byte for byte what the general JSON path writes, or is left to it. */
class AnnounceLineTest {
    private final MessageCodec codec = new MessageCodec();

    @Test
    void answersOfEveryShapeAreTheBytesJacksonWrites() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 200; round++) {
            List<Peer> peers = new ArrayList<>();
            // Up to the most an answer lists: past 16 KB now and then, and smaller ones after larger ones, so that
            // the array the codec keeps per thread grows and is written over.
            int count = random.nextInt(0, AnnounceRequest.MAX_NUMWANT + 1);
            for (int i = 0; i < count; i++) {
                String ip = random.nextBoolean() ? random.nextInt(256) + ".0." + random.nextInt(256) + ".1"
                        : "2001:db8::" + Integer.toHexString(random.nextInt(65_536));
                peers.add(new Peer("-QT0100-" + Long.toString(random.nextLong(1L << 40), 36), ip,
                        random.nextInt(1, 65_536), hex(random)));
            }
            AnnounceResponse answer = new AnnounceResponse(random.nextInt(1, Integer.MAX_VALUE), peers,
                    random.nextInt(0, Integer.MAX_VALUE), random.nextInt(0, 1000));
            byte[] fast = AnnounceLine.encode(answer);

            assertArrayEquals(jackson(answer), fast, new String(fast, StandardCharsets.UTF_8));
            assertEquals(answer, codec.decodeResponseHeader(fast));
            assertEquals(new String(fast, StandardCharsets.UTF_8) + "\n",
                    new String(codec.encodeResponseHeader(answer), StandardCharsets.UTF_8));
            assertEquals(new String(fast, StandardCharsets.UTF_8) + "\n", pooled(answer));
        }
    }

    @Test
    void textThatNeedsEscapingIsLeftToJackson() throws Exception {
        for (String peerId : List.of("quote\"d", "back\\slash", "tab\tbed", "caf\u00e9", "del\u007f")) {
            AnnounceResponse answer = new AnnounceResponse(60, List.of(new Peer(peerId, "10.0.0.1", 6881,
                    "ab".repeat(32))), 1, 0);

            assertNull(AnnounceLine.encode(answer), peerId);
            byte[] line = codec.encodeResponseHeader(answer);
            assertEquals(answer, codec.decodeResponseHeader(java.util.Arrays.copyOf(line, line.length - 1)));
            assertEquals(new String(line, StandardCharsets.UTF_8), pooled(answer), "Jackson's, in pooled memory");
        }
    }

    /** The header as written into pooled memory, read back. */
    private String pooled(Response answer) {
        ByteBuf buf = codec.encodeResponseHeader(answer, PooledByteBufAllocator.DEFAULT);
        try {
            assertTrue(buf.isDirect(), "the memory QUIC sends from");
            return buf.toString(StandardCharsets.UTF_8);
        } finally {
            buf.release();
        }
    }

    /** What the codec's general path writes: Jackson, with the type name first. */
    private byte[] jackson(AnnounceResponse answer) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        return mapper.writerFor(Response.class).writeValueAsBytes(answer);
    }

    private static String hex(SplittableRandom random) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            hex.append(Character.forDigit(random.nextInt(16), 16));
        }
        return hex.toString();
    }
}
