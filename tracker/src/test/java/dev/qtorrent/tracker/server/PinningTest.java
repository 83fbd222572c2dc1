package dev.qtorrent.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.quic.CertificatePinException;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.tls.Fingerprint;
import dev.qtorrent.common.tls.PinningTrustManager;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.tracker.TestTracker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The client's certificate pin against a real tracker over QUIC. */
@Timeout(30)
class PinningTest {
    @TempDir
    static Path seed;
    private static TestTracker tracker;

    @BeforeAll
    static void start() throws Exception {
        tracker = TestTracker.start(seed);
    }

    @AfterAll
    static void stop() {
        tracker.close();
    }

    @Test
    void wrongPinFailsWithBothFingerprints() {
        Fingerprint wrong = NodeIdentity.generate("127.0.0.1").fingerprint();
        Fingerprint actual = tracker.identity().fingerprint();

        CertificatePinException e = assertThrows(CertificatePinException.class, () -> connect(
                PinningTrustManager.pinned(wrong)).close());

        assertEquals(wrong, e.expected());
        assertEquals(actual, e.presented());
        assertTrue(e.getMessage().contains(wrong.hex()), e.getMessage());
        assertTrue(e.getMessage().contains(actual.hex()), e.getMessage());
    }

    @Test
    void pinTypedInAnotherSpellingConnects() throws Exception {
        String typed = "SHA256=" + tracker.identity().fingerprint().hex().toUpperCase(Locale.ROOT);

        try (NodeConnection connection = connect(PinningTrustManager.pinned(Fingerprint.parse(typed)))) {
            assertAnnounceWorks(connection);
        }
    }

    @Test
    void insecureConnectsAndRecordsTheFingerprint() throws Exception {
        PinningTrustManager trust = PinningTrustManager.insecure();

        try (NodeConnection connection = connect(trust)) {
            assertAnnounceWorks(connection);
        }
        assertEquals(Optional.of(tracker.identity().fingerprint()), trust.presented());
    }

    @Test
    void trackerKeepsServingAfterARejectedHandshake() throws Exception {
        Fingerprint wrong = NodeIdentity.generate("127.0.0.1").fingerprint();
        assertThrows(CertificatePinException.class, () -> connect(PinningTrustManager.pinned(wrong)).close());

        try (NodeConnection connection = tracker.connect()) {
            assertAnnounceWorks(connection);
        }
    }

    private static NodeConnection connect(PinningTrustManager trust) throws Exception {
        return NodeConnection.connect("tracker", tracker.address(), trust, tracker.clientIdentity(),
                QuicSettings.defaults(), Duration.ofSeconds(5));
    }

    private static void assertAnnounceWorks(NodeConnection connection) throws Exception {
        AnnounceRequest request = new AnnounceRequest(tracker.torrent("hello_world.txt").infoHash().hex(), "pin-test",
                6881, 0, 0, 12, AnnounceRequest.Event.STARTED);
        assertInstanceOf(AnnounceResponse.class, connection.exchange(request).get(5, TimeUnit.SECONDS));
    }
}
