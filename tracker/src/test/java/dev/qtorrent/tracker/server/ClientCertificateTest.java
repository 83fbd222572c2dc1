package dev.qtorrent.tracker.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceRequest.Event;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.AnnounceResponse.Peer;
import dev.qtorrent.common.message.ErrorResponse;
import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.MetainfoRequest;
import dev.qtorrent.common.message.MetainfoResponse;
import dev.qtorrent.common.message.PieceRequest;
import dev.qtorrent.common.message.PieceResponse;
import dev.qtorrent.common.message.Response;
import dev.qtorrent.common.quic.Answer;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.tracker.TestTracker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client certificates over real QUIC on loopback: the tracker lists each peer with the fingerprint of the certificate
 * its connection presented, refuses announces without one, and still serves pieces and metainfo to anyone. Expected
 * fingerprints are computed here from the certificate files, with the JDK's SHA-256, not by the code under test.
 */
@Timeout(30)
class ClientCertificateTest {
    private static final byte[] DATA = "hello, world".getBytes(StandardCharsets.US_ASCII);

    private final MessageCodec codec = new MessageCodec();

    @TempDir
    Path dir;

    private Path seed;

    @BeforeEach
    void seed() throws Exception {
        seed = Files.createDirectories(dir.resolve("seed"));
        Files.write(seed.resolve("hello_world.txt"), DATA);
    }

    @Test
    void announceListsThePeersFingerprintFromItsCertificateFile() throws Exception {
        Path stateDir = dir.resolve("state");
        NodeIdentity announcer = NodeIdentity.loadOrCreate(stateDir, NodeIdentity.Role.PEER, null);
        String expected = sha256OfPem(stateDir.resolve("identity-cert.pem"));
        try (TestTracker tracker = TestTracker.start(seed);
             NodeConnection peer = tracker.connect(announcer);
             NodeConnection asker = tracker.connect()) {
            String hash = tracker.torrent("hello_world.txt").infoHash().hex();
            announce(peer, new AnnounceRequest(hash, "listed-peer", 6881, 0, 0, DATA.length, Event.STARTED));

            AnnounceResponse answer = announce(asker, new AnnounceRequest(hash, "asker", 6882, 0, 0, DATA.length,
                    Event.STARTED));

            assertEquals(2, answer.peers().size(), answer.toString());
            assertEquals(sha256(tracker.identity().certificate().getEncoded()), entry(answer, "qtorrent-tracker")
                    .certSha256(), "the tracker's own entry");
            assertEquals(expected, entry(answer, "listed-peer").certSha256());
        }
    }

    @Test
    void clientWithoutCertificateCannotAnnounceButFetchesPiecesAndMetainfo() throws Exception {
        try (TestTracker tracker = TestTracker.start(seed);
             NodeConnection anonymous = tracker.connect(null)) {
            String hash = tracker.torrent("hello_world.txt").infoHash().hex();

            Response refused = anonymous.exchange(new AnnounceRequest(hash, "anonymous", 6881, 0, 0, DATA.length,
                    Event.STARTED)).get(5, TimeUnit.SECONDS);
            Answer piece = anonymous.exchange(new PieceRequest(hash, 0), 1 << 20).get(5, TimeUnit.SECONDS);
            Answer metainfo = anonymous.exchange(new MetainfoRequest(hash), 1 << 20).get(5, TimeUnit.SECONDS);

            assertEquals("certificate_required", assertInstanceOf(ErrorResponse.class, refused).code());
            assertEquals(new PieceResponse(hash, 0, DATA.length), piece.header());
            assertArrayEquals(DATA, piece.payload());
            assertInstanceOf(MetainfoResponse.class, metainfo.header());
            assertEquals(hash, sha1(metainfo.payload()));
        }
    }

    @Test
    void certSha256FieldInAnAnnounceIsIgnored() throws Exception {
        NodeIdentity announcer = NodeIdentity.generate(NodeIdentity.Role.PEER, null);
        String forged = "ab".repeat(32);
        try (TestTracker tracker = TestTracker.start(seed);
             NodeConnection peer = tracker.connect(announcer);
             NodeConnection asker = tracker.connect()) {
            String hash = tracker.torrent("hello_world.txt").infoHash().hex();
            String json = "{\"type\":\"announce\",\"info_hash\":\"" + hash + "\",\"peer_id\":\"forger\",\"port\":6881,"
                    + "\"uploaded\":0,\"downloaded\":0,\"left\":0,\"cert_sha256\":\"" + forged + "\"}";
            byte[] raw = peer.exchangeRaw(json.getBytes(StandardCharsets.UTF_8), true, 1 << 16)
                    .get(5, TimeUnit.SECONDS);
            assertInstanceOf(AnnounceResponse.class, codec.decodeResponseHeader(Arrays.copyOf(raw, raw.length - 1)));

            AnnounceResponse answer = announce(asker, new AnnounceRequest(hash, "asker", 6882, 0, 0, DATA.length,
                    Event.STARTED));

            Peer listed = entry(answer, "forger");
            assertEquals(sha256(announcer.certificate().getEncoded()), listed.certSha256());
            assertNotEquals(forged, listed.certSha256());
        }
    }

    @Test
    void anotherCertificateCannotTakeOverAPeerId() throws Exception {
        try (TestTracker tracker = TestTracker.start(seed);
             NodeConnection owner = tracker.connect();
             NodeConnection intruder = tracker.connect(NodeIdentity.generate(NodeIdentity.Role.PEER, null))) {
            String hash = tracker.torrent("hello_world.txt").infoHash().hex();
            announce(owner, new AnnounceRequest(hash, "taken", 6881, 0, 0, DATA.length, Event.STARTED));

            Response answer = intruder.exchange(new AnnounceRequest(hash, "taken", 9999, 0, 0, 0, Event.STOPPED))
                    .get(5, TimeUnit.SECONDS);

            assertEquals("peer_id_in_use", assertInstanceOf(ErrorResponse.class, answer).code());
            AnnounceResponse still = announce(intruder, new AnnounceRequest(hash, "other-id", 9999, 0, 0, 0,
                    Event.STARTED));
            assertEquals(6881, entry(still, "taken").port(), still.toString());
        }
    }

    private static Peer entry(AnnounceResponse answer, String peerId) {
        return answer.peers().stream().filter(p -> p.peerId().equals(peerId)).findFirst()
                .orElseThrow(() -> new AssertionError(peerId + " not listed in " + answer));
    }

    private static AnnounceResponse announce(NodeConnection connection, AnnounceRequest request) throws Exception {
        return assertInstanceOf(AnnounceResponse.class, connection.exchange(request).get(5, TimeUnit.SECONDS));
    }

    /** The SHA-256 of the DER bytes inside a PEM certificate file, as {@code openssl x509 -outform DER} gives. */
    static String sha256OfPem(Path pem) throws Exception {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        String base64 = text.substring(text.indexOf("-----BEGIN CERTIFICATE-----") + 27,
                text.indexOf("-----END CERTIFICATE-----")).replaceAll("\\s", "");
        return sha256(Base64.getDecoder().decode(base64));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String sha1(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    }
}
