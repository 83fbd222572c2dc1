package dev.qtorrent.tracker.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.bencode.BDict;
import dev.qtorrent.common.bencode.Bencode;
import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceRequest.Event;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.AnnounceResponse.Peer;
import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.MetainfoRequest;
import dev.qtorrent.common.message.MetainfoResponse;
import dev.qtorrent.common.message.PieceRequest;
import dev.qtorrent.common.message.PieceResponse;
import dev.qtorrent.common.message.Response;
import dev.qtorrent.common.metainfo.InfoDictionary;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.tracker.TestTracker;
import dev.qtorrent.tracker.seed.SeededTorrent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real tracker and a real client connection over QUIC on loopback. */
@Timeout(30)
class TrackerLoopbackTest {
    private static final int PIECE = 16384;
    /** The tracker's own peer entry, as {@link TestTracker} configures it, with its own certificate's fingerprint. */
    private static Peer self(TestTracker tracker) {
        return new Peer("qtorrent-tracker", "127.0.0.1", 7001, tracker.identity().fingerprint().hex());
    }

    /** A peer announcing through {@link TestTracker#connect()}, listed with that connection's client certificate. */
    private static Peer client(TestTracker tracker, String peerId, int port) {
        return new Peer(peerId, "127.0.0.1", port, tracker.clientIdentity().fingerprint().hex());
    }

    private final MessageCodec codec = new MessageCodec();

    @TempDir
    Path seed;

    @Test
    void announceCountsSeedsAndLeechersAndForgetsStoppedPeers() throws Exception {
        try (TestTracker tracker = TestTracker.start(seed);
             NodeConnection first = tracker.connect();
             NodeConnection second = tracker.connect()) {
            String hash = tracker.torrent("hello_world.txt").infoHash().hex();

            AnnounceResponse alone = announce(first, new AnnounceRequest(hash, "peer-one", 6881, 0, 12, 0,
                    Event.STARTED));
            assertEquals(60, alone.interval());
            assertEquals(List.of(), alone.peers(), "a seed is sent neither the tracker nor other seeds");
            assertEquals(2, alone.complete());
            assertEquals(0, alone.incomplete());

            AnnounceResponse leecher = announce(second, new AnnounceRequest(hash, "peer-two", 6882, 0, 0, 12,
                    Event.STARTED));
            assertEquals(List.of(self(tracker), client(tracker, "peer-one", 6881)), leecher.peers());
            assertEquals(2, leecher.complete());
            assertEquals(1, leecher.incomplete());

            AnnounceResponse seen = announce(first, new AnnounceRequest(hash, "peer-one", 6881, 12, 12, 0,
                    Event.COMPLETED));
            assertEquals(List.of(client(tracker, "peer-two", 6882)), seen.peers());
            assertEquals(1, seen.incomplete());

            announce(second, new AnnounceRequest(hash, "peer-two", 6882, 0, 0, 12, Event.STOPPED));
            AnnounceResponse after = announce(first, new AnnounceRequest(hash, "peer-one", 6881, 12, 12, 0,
                    Event.STARTED));
            assertEquals(List.of(), after.peers());
            assertEquals(2, after.complete());
            assertEquals(0, after.incomplete());
        }
    }

    /**
     * docs/PROTOCOL.md section 5.3: a peer is its peer_id and IP address. Two connections from 127.0.0.1 come from two
     * UDP ports and may announce two ports, and are still one peer; the later announce replaces the entry.
     */
    @Test
    void peerIsKeyedByPeerIdAndIpAddressNotPort() throws Exception {
        try (TestTracker tracker = TestTracker.start(seed);
             NodeConnection first = tracker.connect();
             NodeConnection second = tracker.connect();
             NodeConnection observer = tracker.connect()) {
            String hash = tracker.torrent("hello_world.txt").infoHash().hex();

            announce(first, new AnnounceRequest(hash, "moving", 6881, 0, 0, 12, Event.STARTED));
            announce(second, new AnnounceRequest(hash, "moving", 6999, 0, 12, 0, Event.COMPLETED));
            AnnounceResponse seen = announce(observer, new AnnounceRequest(hash, "observer", 0, 0, 0, 12,
                    Event.STARTED));

            assertEquals(List.of(self(tracker), client(tracker, "moving", 6999)), seen.peers());
            assertEquals(2, seen.complete(), "the tracker and the one peer, now a seed");
            assertEquals(1, seen.incomplete(), "the observer");

            // The first connection's port is not part of the key either: it may stop the peer the second refreshed.
            announce(first, new AnnounceRequest(hash, "moving", 6881, 0, 12, 0, Event.STOPPED));
            AnnounceResponse after = announce(observer, new AnnounceRequest(hash, "observer", 0, 0, 0, 12, null));
            assertEquals(List.of(self(tracker)), after.peers());
            assertEquals(1, after.complete());
        }
    }

    /**
     * docs/PROTOCOL.md section 5.3: the counts describe the swarm after the announce, so the answer to {@code stopped}
     * leaves the requester out while every other answer counts it.
     */
    @Test
    void answerToStoppedLeavesTheRequesterOutOfTheCounts() throws Exception {
        try (TestTracker tracker = TestTracker.start(seed);
             NodeConnection leecher = tracker.connect();
             NodeConnection seeder = tracker.connect()) {
            String hash = tracker.torrent("hello_world.txt").infoHash().hex();
            announce(seeder, new AnnounceRequest(hash, "seeder", 6882, 12, 0, 0, Event.STARTED));

            AnnounceResponse started = announce(leecher, new AnnounceRequest(hash, "leecher", 6881, 0, 0, 12,
                    Event.STARTED));
            AnnounceResponse stopped = announce(leecher, new AnnounceRequest(hash, "leecher", 6881, 0, 0, 12,
                    Event.STOPPED));
            AnnounceResponse stoppedSeed = announce(seeder, new AnnounceRequest(hash, "seeder", 6882, 12, 0, 0,
                    Event.STOPPED));

            assertEquals(2, started.complete());
            assertEquals(1, started.incomplete(), "the requester is counted");
            assertEquals(2, stopped.complete());
            assertEquals(0, stopped.incomplete(), "the stopped requester is not counted");
            assertEquals(1, stoppedSeed.complete(), "only the tracker is left");
            assertEquals(0, stoppedSeed.incomplete());
        }
    }

    /** BEP 3's periodic announce carries no event; it refreshes the peer like any other announce. */
    @Test
    void regularAnnounceWithoutEventIsAnswered() throws Exception {
        try (TestTracker tracker = TestTracker.start(seed);
             NodeConnection first = tracker.connect();
             NodeConnection second = tracker.connect()) {
            String hash = tracker.torrent("hello_world.txt").infoHash().hex();

            announce(first, new AnnounceRequest(hash, "regular", 6881, 0, 0, 12, null));
            AnnounceResponse other = announce(second, new AnnounceRequest(hash, "other", 6882, 0, 0, 12, null));

            assertEquals(List.of(self(tracker), client(tracker, "regular", 6881)), other.peers());
            assertEquals(2, other.incomplete());
        }
    }

    @Test
    void servesEveryPieceOfAFileWithAShortLastPiece() throws Exception {
        byte[] content = random(3 * PIECE + 1000, 11);
        Files.write(seed.resolve("data.bin"), content);

        try (TestTracker tracker = TestTracker.start(seed);
             NodeConnection connection = tracker.connect()) {
            SeededTorrent torrent = tracker.torrent("data.bin");
            assertEquals(4, torrent.layout().pieceCount());
            assertEquals(PIECE, torrent.metainfo().info().pieceLength());

            for (int index : new int[] {0, 1, 3, 2}) {
                int from = index * PIECE;
                int to = Math.min(from + PIECE, content.length);
                byte[] body = fetchPiece(connection, torrent, index);

                assertArrayEquals(Arrays.copyOfRange(content, from, to), body, "piece " + index);
                assertArrayEquals(torrent.metainfo().info().pieceHash(index),
                        MessageDigest.getInstance("SHA-1").digest(body), "piece " + index + " hash");
            }
        }
    }

    @Test
    void servesTheGreetingAsOneTwelveBytePiece() throws Exception {
        try (TestTracker tracker = TestTracker.start(seed);
             NodeConnection connection = tracker.connect()) {
            SeededTorrent greeting = tracker.torrent("hello_world.txt");

            byte[] body = fetchPiece(connection, greeting, 0);

            assertEquals("Hello World!", new String(body, StandardCharsets.US_ASCII));
        }
    }

    /** The info dictionary as the torrent holds it, so a client with only the info hash can verify it. */
    @Test
    void servesTheInfoDictionaryWhoseSha1IsTheInfoHash() throws Exception {
        try (TestTracker tracker = TestTracker.start(seed);
             NodeConnection connection = tracker.connect()) {
            SeededTorrent greeting = tracker.torrent("hello_world.txt");
            String hash = greeting.infoHash().hex();

            byte[] raw = connection.exchangeRaw(codec.encodeRequest(new MetainfoRequest(hash)), true, 1 << 16)
                    .get(5, TimeUnit.SECONDS);

            int newline = Answers.headerEnd(raw);
            byte[] info = Arrays.copyOfRange(raw, newline + 1, raw.length);
            assertEquals(new MetainfoResponse(hash, info.length),
                    codec.decodeResponseHeader(Arrays.copyOf(raw, newline)));
            assertArrayEquals(greeting.metainfo().infoBytes(), info);
            assertArrayEquals(greeting.infoHash().bytes(), MessageDigest.getInstance("SHA-1").digest(info));
        }
    }

    /**
     * docs/PROTOCOL.md section 8.1: a folder's files are in path order, element by element, each element by its UTF-8
     * bytes. Whole-path byte order would put {@code a-b} and {@code a.b} before {@code a/b} ('/' is 0x2F), and Java's
     * String order (UTF-16 units) would put the emoji (U+1F600) before the full-width A (U+FF21).
     */
    @Test
    void folderTorrentListsFilesInPathOrderElementByElement() throws Exception {
        Path tree = Files.createDirectories(seed.resolve("tree"));
        List<List<String>> expected = List.of(List.of("a", "b"), List.of("a-b"), List.of("a.b"), List.of("b"),
                List.of("\uFF21"), List.of("\uD83D\uDE00"));
        for (List<String> path : List.of(expected.get(5), expected.get(2), expected.get(4), expected.get(0),
                expected.get(3), expected.get(1))) {
            Path file = tree.resolve(String.join("/", path));
            Files.createDirectories(file.getParent());
            Files.writeString(file, String.join("/", path));
        }
        try (TestTracker tracker = TestTracker.start(seed);
             NodeConnection connection = tracker.connect()) {
            String hash = tracker.torrent("tree").infoHash().hex();

            byte[] raw = connection.exchangeRaw(codec.encodeRequest(new MetainfoRequest(hash)), true, 1 << 16)
                    .get(5, TimeUnit.SECONDS);

            byte[] info = Arrays.copyOfRange(raw, Answers.headerEnd(raw) + 1, raw.length);
            InfoDictionary dictionary = InfoDictionary.parse((BDict) Bencode.decode(info));
            // FileEntry paths start with the torrent's name, which the wire's path lists leave out.
            assertEquals(expected, dictionary.files().stream()
                    .map(file -> file.path().subList(1, file.path().size())).toList());
        }
    }

    /**
     * More concurrent requests than the tracker grants streams: the connection must queue them until credit comes
     * back instead of failing with a stream-limit error.
     */
    @Test
    void manyConcurrentPieceRequestsShareASmallStreamLimit() throws Exception {
        byte[] content = random(3 * PIECE + 1000, 12);
        Files.write(seed.resolve("data.bin"), content);
        QuicSettings defaults = QuicSettings.defaults();
        QuicSettings eightStreams = new QuicSettings(defaults.idleTimeout(), defaults.maxRequestBytes(),
                defaults.maxResponseHeaderBytes(), defaults.requestTimeout(), 8, defaults.connectionWindow(),
                defaults.streamWindow(), defaults.udpPayload(), defaults.maxUdpPayload());

        try (TestTracker tracker = TestTracker.start(seed, eightStreams);
             NodeConnection connection = tracker.connect()) {
            SeededTorrent torrent = tracker.torrent("data.bin");
            List<CompletableFuture<byte[]>> answers = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                answers.add(connection.exchangeRaw(
                        codec.encodeRequest(new PieceRequest(torrent.infoHash().hex(), i % 4)), true, 1 << 20));
            }
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);

            for (int i = 0; i < answers.size(); i++) {
                int index = i % 4;
                int from = index * PIECE;
                byte[] body = body(answers.get(i).get(), torrent, index);
                assertArrayEquals(Arrays.copyOfRange(content, from, Math.min(from + PIECE, content.length)), body,
                        "request " + i);
            }
            assertTrue(connection.isActive());
        }
    }

    private AnnounceResponse announce(NodeConnection connection, AnnounceRequest request) throws Exception {
        Response response = connection.exchange(request).get(5, TimeUnit.SECONDS);
        return assertInstanceOf(AnnounceResponse.class, response);
    }

    private byte[] fetchPiece(NodeConnection connection, SeededTorrent torrent, int index) throws Exception {
        byte[] raw = connection.exchangeRaw(codec.encodeRequest(new PieceRequest(torrent.infoHash().hex(), index)),
                true, 1 << 20).get(5, TimeUnit.SECONDS);
        return body(raw, torrent, index);
    }

    /** Checks the header line of a piece answer and returns the bytes after it. */
    private byte[] body(byte[] raw, SeededTorrent torrent, int index) {
        int newline = Answers.headerEnd(raw);
        assertTrue(newline > 0, "no header line in " + raw.length + " bytes");
        Response header = codec.decodeResponseHeader(Arrays.copyOf(raw, newline));
        long size = torrent.layout().pieceSize(index);
        assertEquals(new PieceResponse(torrent.infoHash().hex(), index, size), header);
        assertEquals(size, raw.length - newline - 1, "bytes after the header");
        return Arrays.copyOfRange(raw, newline + 1, raw.length);
    }


    private static byte[] random(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
