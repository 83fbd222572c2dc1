package dev.qtorrent.common.quic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.PieceResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseHeaderReaderTest {
    private static final String HASH = "0123456789abcdef0123456789abcdef01234567";
    private final MessageCodec codec = new MessageCodec();

    /** However the answer is cut into reads, the header comes out whole and the payload bytes stay unread. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 64, 10_000})
    void headerSplitAcrossReadsLeavesThePayload(int readSize) throws Exception {
        PieceResponse sent = new PieceResponse(HASH, 3, 5);
        byte[] answer = concat(codec.encodeResponseHeader(sent), "hello".getBytes(StandardCharsets.US_ASCII));
        ResponseHeaderReader reader = new ResponseHeaderReader(codec, 1024, "the tracker");
        StringBuilder payload = new StringBuilder();
        for (int at = 0; at < answer.length; at += readSize) {
            ByteBuf buf = Unpooled.wrappedBuffer(answer, at, Math.min(readSize, answer.length - at));
            if (reader.response() != null || reader.read(buf) != null) {
                payload.append(buf.toString(StandardCharsets.US_ASCII));
            }
        }
        assertEquals(sent, reader.response());
        assertEquals("hello", payload.toString());
    }

    @Test
    void incompleteLineIsHeldUntilItsNewline() throws Exception {
        ResponseHeaderReader reader = new ResponseHeaderReader(codec, 1024, "the tracker");
        ByteBuf part = Unpooled.copiedBuffer("{\"type\":", StandardCharsets.US_ASCII);
        assertNull(reader.read(part));
        assertEquals(8, reader.pendingBytes());
        assertEquals(0, part.readableBytes());
        reader.release();
    }

    @Test
    void headerLongerThanTheBoundFailsBeforeItsEnd() {
        ResponseHeaderReader reader = new ResponseHeaderReader(codec, 16, "the tracker");
        ByteBuf buf = Unpooled.wrappedBuffer(new byte[17]);
        MalformedAnswerException e = assertThrows(MalformedAnswerException.class, () -> reader.read(buf));
        assertEquals("the tracker's answer header exceeds 16 bytes", e.getMessage());
    }

    @Test
    void invalidHeaderNamesTheSender() {
        ResponseHeaderReader reader = new ResponseHeaderReader(codec, 1024, "peer 10.0.0.2:6881");
        ByteBuf buf = Unpooled.copiedBuffer("not json\nrest", StandardCharsets.US_ASCII);
        MalformedAnswerException e = assertThrows(MalformedAnswerException.class, () -> reader.read(buf));
        assertTrue(e.getMessage().startsWith("invalid answer from peer 10.0.0.2:6881: "), e.getMessage());
        assertArrayEquals("rest".getBytes(StandardCharsets.US_ASCII), ByteBufUtil.getBytes(buf));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
