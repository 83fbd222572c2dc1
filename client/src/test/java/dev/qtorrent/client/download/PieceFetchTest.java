package dev.qtorrent.client.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.PieceResponse;
import dev.qtorrent.common.metainfo.FileEntry;
import dev.qtorrent.common.storage.PieceStore;
import dev.qtorrent.common.storage.StorageLayout;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One piece's stream, fed in uneven fragments: the header line, then bytes that fill several disk blocks. The piece
 * is checked on the disk thread and reported once.
 */
@Timeout(30)
class PieceFetchTest {
    private static final String INFO_HASH = "0123456789abcdef0123456789abcdef01234567";
    /** Over two blocks, with a short third one. */
    private static final int PIECE = 2 * DiskWriter.BLOCK_BYTES + 12_345;

    @TempDir
    Path dir;
    private final MessageCodec codec = new MessageCodec();
    private final BlockingQueue<PieceFetch.Outcome> outcomes = new LinkedBlockingQueue<>();
    private PieceStore store;
    private DiskWriter writer;
    private StorageLayout layout;
    private byte[] data;

    @BeforeEach
    void open() throws Exception {
        data = new byte[3 * PIECE];
        new Random(7).nextBytes(data);
        layout = new StorageLayout(List.of(new FileEntry(List.of("f.bin"), data.length)), PIECE);
        store = PieceStore.open(dir, List.of(dir.resolve("f.bin.part")), layout, true);
        writer = new DiskWriter(store);
    }

    @AfterEach
    void close() throws Exception {
        writer.close();
        store.close();
    }

    @Test
    void writesAVerifiedPieceAtItsOffset() throws Exception {
        EmbeddedChannel stream = fetch(1, hash(1));

        feed(stream, header(1, PIECE), piece(1));
        stream.pipeline().fireUserEventTriggered(ChannelInputShutdownReadComplete.INSTANCE);

        PieceFetch.Outcome outcome = outcomes.poll(10, TimeUnit.SECONDS);
        assertEquals(PieceFetch.Kind.DONE, outcome.kind());
        assertNull(outcome.failure());
        writer.flush();
        byte[] onDisk = Files.readAllBytes(dir.resolve("f.bin.part"));
        assertArrayEquals(piece(1), Arrays.copyOfRange(onDisk, PIECE, 2 * PIECE));
        assertEquals(0, outcomes.size());
    }

    @Test
    void reportsBytesThatDoNotMatchTheHash() throws Exception {
        EmbeddedChannel stream = fetch(0, hash(2));

        feed(stream, header(0, PIECE), piece(0));
        stream.pipeline().fireUserEventTriggered(ChannelInputShutdownReadComplete.INSTANCE);

        assertEquals(PieceFetch.Kind.CORRUPT, outcomes.poll(10, TimeUnit.SECONDS).kind());
    }

    @Test
    void refusesMoreBytesThanAnnounced() throws Exception {
        EmbeddedChannel stream = fetch(2, hash(2));
        byte[] tooMany = Arrays.copyOf(piece(2), PIECE + 1);

        feed(stream, header(2, PIECE), tooMany);

        assertEquals(PieceFetch.Kind.CORRUPT, outcomes.poll(10, TimeUnit.SECONDS).kind());
    }

    @Test
    void reportsAShortPiece() throws Exception {
        EmbeddedChannel stream = fetch(2, hash(2));

        feed(stream, header(2, PIECE), Arrays.copyOf(piece(2), PIECE - 1));
        stream.pipeline().fireUserEventTriggered(ChannelInputShutdownReadComplete.INSTANCE);

        assertEquals(PieceFetch.Kind.CORRUPT, outcomes.poll(10, TimeUnit.SECONDS).kind());
    }

    private EmbeddedChannel fetch(int index, byte[] expectedHash) {
        return new EmbeddedChannel(new PieceFetch(codec, INFO_HASH, index, 1, layout.pieceOffset(index),
                layout.pieceSize(index), expectedHash, 64 * 1024, Duration.ofSeconds(30), writer, outcomes::add));
    }

    /** Writes the header and the bytes in fragments that cut across the header line and the blocks. */
    private static void feed(EmbeddedChannel stream, byte[] header, byte[] bytes) {
        byte[] all = new byte[header.length + bytes.length];
        System.arraycopy(header, 0, all, 0, header.length);
        System.arraycopy(bytes, 0, all, header.length, bytes.length);
        int[] sizes = {7, 1, 1400, 65_536, 333, 200_000};
        int at = 0;
        for (int i = 0; at < all.length; i++) {
            int n = Math.min(sizes[i % sizes.length], all.length - at);
            stream.writeInbound(Unpooled.directBuffer(n).writeBytes(all, at, n));
            at += n;
        }
    }

    private byte[] header(int index, long length) {
        return codec.encodeResponseHeader(new PieceResponse(INFO_HASH, index, length));
    }

    private byte[] piece(int index) {
        return Arrays.copyOfRange(data, index * PIECE, (index + 1) * PIECE);
    }

    private byte[] hash(int index) throws Exception {
        return MessageDigest.getInstance("SHA-1").digest(piece(index));
    }
}
