package dev.qtorrent.client.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.client.StopSignals;
import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.PieceRequest;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.quic.Answer;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.storage.HashProgress;
import dev.qtorrent.common.storage.StorageLayout;
import dev.qtorrent.common.storage.TorrentWriter;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.common.tls.PinningTrustManager;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a seeding client sends peers, over real QUIC on loopback: its announces carry as {@code uploaded} the piece
 * bytes its node sent, the regular ones and the {@code stopped} one; and {@code --max-upload-rate} slows its node
 * down (a lower bound only, which a slow machine cannot break).
 */
@Timeout(90)
class SeedUploadTest {
    private static final int PIECE = 256 * 1024;

    @TempDir
    Path dir;
    private RecordingTracker tracker;
    private final StopSignals signals = StopSignals.unhandled();
    private final CliHarness cli = new CliHarness("", signals);
    private CompletableFuture<Integer> seeding;

    @BeforeEach
    void startTracker() throws Exception {
        tracker = new RecordingTracker();
    }

    @AfterEach
    void stop() throws Exception {
        if (seeding != null && !seeding.isDone()) {
            signals.deliver(StopSignals.Kind.INT);
            seeding.get(30, TimeUnit.SECONDS);
        }
        tracker.close();
    }

    /** Writes {@code size} random bytes and a torrent for them; starts {@code client seed} with {@code options}. */
    private byte[] seed(int size, String... options) throws Exception {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        Path file = dir.resolve("data.bin");
        Files.write(file, data);
        Metainfo metainfo = TorrentWriter.create(file, new TorrentWriter.Options(tracker.announceUrl(),
                tracker.identity().fingerprint().hex(), PIECE, null, false, Instant.EPOCH), HashProgress.none());
        Path torrent = dir.resolve("data.bin.torrent");
        TorrentWriter.write(metainfo, torrent);
        Object[] args = new Object[3 + options.length];
        args[0] = "seed";
        args[1] = torrent;
        args[2] = file;
        System.arraycopy(options, 0, args, 3, options.length);
        seeding = CompletableFuture.supplyAsync(() -> cli.run(args));
        return data;
    }

    private AnnounceRequest awaitAnnounce(Predicate<AnnounceRequest> wanted, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() - deadline < 0) {
            for (AnnounceRequest announce : tracker.announces()) {
                if (wanted.test(announce)) {
                    return announce;
                }
            }
            assertTrue(!seeding.isDone(), "the seed ended: " + cli.err());
            Thread.sleep(50);
        }
        throw new AssertionError("no announce " + what + " in " + tracker.announces() + "; " + cli.err());
    }

    /** Connects to the seeding client's node, pinning the certificate it announced with. */
    private NodeConnection connectToSeed(AnnounceRequest announce) throws Exception {
        assertNotNull(tracker.announcer(), "the client announced with a certificate");
        return NodeConnection.connect("peer", new InetSocketAddress("127.0.0.1", announce.port()),
                PinningTrustManager.pinned(tracker.announcer()), NodeIdentity.generate(NodeIdentity.Role.PEER, null),
                QuicSettings.defaults(), Duration.ofSeconds(5));
    }

    /** Fetches every piece, all asked for at once, and returns the data they make. */
    private static byte[] fetchAll(NodeConnection peer, String infoHash, int size) throws Exception {
        int pieces = (size + PIECE - 1) / PIECE;
        List<CompletableFuture<Answer>> answers = new ArrayList<>();
        for (int index = 0; index < pieces; index++) {
            answers.add(peer.exchange(new PieceRequest(infoHash, index), PIECE));
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (CompletableFuture<Answer> answer : answers) {
            data.write(answer.get(60, TimeUnit.SECONDS).payload());
        }
        return data.toByteArray();
    }

    @Test
    void announcesCarryThePieceBytesTheNodeSent() throws Exception {
        int size = 3 * PIECE + 1000;
        byte[] data = seed(size, "--listen", "0");
        AnnounceRequest started = awaitAnnounce(a -> a.event() == AnnounceRequest.Event.STARTED, "started");
        assertEquals(0, started.uploaded());
        assertEquals(0, started.left());

        try (NodeConnection peer = connectToSeed(started)) {
            assertArrayEquals(data, fetchAll(peer, started.infoHash(), size));
        }
        awaitAnnounce(a -> a.uploaded() == size, "with uploaded = " + size);
        signals.deliver(StopSignals.Kind.INT);
        assertEquals(ExitCode.INTERRUPTED.code(), seeding.get(30, TimeUnit.SECONDS), cli.err());

        List<AnnounceRequest> all = tracker.announces();
        AnnounceRequest last = all.get(all.size() - 1);
        assertEquals(AnnounceRequest.Event.STOPPED, last.event());
        assertEquals(size, last.uploaded(), "the stopped announce counts what was sent");
        for (AnnounceRequest announce : all) {
            assertTrue(announce.uploaded() <= size, "never more than was sent: " + all);
        }
        assertTrue(cli.out().contains("stopped seeding data.bin: " + ByteSize.format(size) + " sent to peers"),
                cli.out());
    }

    @Test
    void maxUploadRateSlowsTheSeedDown() throws Exception {
        int size = 8 << 20;
        byte[] data = seed(size, "--listen", "0", "--max-upload-rate", "2M");
        AnnounceRequest started = awaitAnnounce(a -> a.event() == AnnounceRequest.Event.STARTED, "started");

        try (NodeConnection peer = connectToSeed(started)) {
            long start = System.nanoTime();
            assertArrayEquals(data, fetchAll(peer, started.infoHash(), size));
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            // 8 MiB at 2 MiB/s, less a burst of one chunk, take 3.9 s: 3 s leaves room for any clock.
            assertTrue(elapsedMillis >= 3_000, "8 MiB in " + elapsedMillis + " ms under --max-upload-rate 2M");
        }
    }
}
