package dev.qtorrent.tracker.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.message.PieceRequest;
import dev.qtorrent.common.message.PieceResponse;
import dev.qtorrent.common.quic.Answer;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.tls.PinningTrustManager;
import dev.qtorrent.tracker.TestTracker;
import dev.qtorrent.tracker.seed.SeededTorrent;
import io.netty.handler.codec.quic.QuicConnectionStats;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The datagram size a client accepts decides what the tracker sends: large datagrams on loopback, Ethernet-sized ones
 * when the client asks for no more, with either transport. Observed through QUIC's own packet and byte counters.
 */
@Timeout(60)
class DatagramSizeTest {
    private static final int FILE_BYTES = 3 << 20;

    @TempDir
    Path dir;

    @Test
    void loopbackClientReceivesLargeDatagrams() throws Exception {
        double average = download(QuicSettings.defaults());

        assertTrue(average > 2 * QuicSettings.defaults().udpPayload(), "average datagram " + average + " bytes");
        assertTrue(average <= QuicSettings.defaults().maxUdpPayload(), "average datagram " + average + " bytes");
    }

    @Test
    void clientThatAcceptsEthernetSizedDatagramsGetsNoLarger() throws Exception {
        QuicSettings d = QuicSettings.defaults();
        QuicSettings ethernet = new QuicSettings(d.idleTimeout(), d.maxRequestBytes(), d.maxResponseHeaderBytes(),
                d.requestTimeout(), d.maxStreams(), d.connectionWindow(), d.streamWindow(), d.udpPayload(),
                d.udpPayload());

        double average = download(ethernet);

        assertTrue(average <= d.udpPayload(), "average datagram " + average + " bytes");
        assertTrue(average > d.udpPayload() / 2.0, "average datagram " + average + " bytes");
    }

    @Test
    void nioTransportReceivesLargeDatagramsWhole() throws Exception {
        String before = System.getProperty("qtorrent.transport");
        System.setProperty("qtorrent.transport", "nio");
        try {
            double average = download(QuicSettings.defaults());

            assertTrue(average > 2 * QuicSettings.defaults().udpPayload(), "average datagram " + average + " bytes");
        } finally {
            if (before == null) {
                System.clearProperty("qtorrent.transport");
            } else {
                System.setProperty("qtorrent.transport", before);
            }
        }
    }

    /** Fetches every piece of a random file with {@code clientSettings}; the average datagram size received. */
    private double download(QuicSettings clientSettings) throws Exception {
        Path seed = Files.createDirectories(dir.resolve("seed"));
        byte[] content = new byte[FILE_BYTES];
        new Random(7).nextBytes(content);
        Files.write(seed.resolve("data.bin"), content);
        try (TestTracker tracker = TestTracker.start(seed);
             NodeConnection connection = NodeConnection.connect("tracker", tracker.address(),
                     PinningTrustManager.pinned(tracker.identity().fingerprint()), clientSettings,
                     Duration.ofSeconds(5))) {
            SeededTorrent torrent = tracker.torrent("data.bin");
            // Every piece at once, as a download asks for them: the answers then arrive in bursts.
            List<CompletableFuture<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < torrent.layout().pieceCount(); i++) {
                answers.add(connection.exchange(new PieceRequest(torrent.infoHash().hex(), i),
                        (int) torrent.layout().pieceSize(i)));
            }
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            for (int i = 0; i < answers.size(); i++) {
                Answer answer = answers.get(i).get(10, TimeUnit.SECONDS);
                assertEquals(torrent.layout().pieceSize(i),
                        assertInstanceOf(PieceResponse.class, answer.header()).length());
                received.write(answer.payload());
            }
            assertArrayEquals(content, received.toByteArray());
            QuicConnectionStats stats = connection.stats();
            assertTrue(stats.recvBytes() >= FILE_BYTES, stats.toString());
            return (double) stats.recvBytes() / stats.recv();
        }
    }
}
