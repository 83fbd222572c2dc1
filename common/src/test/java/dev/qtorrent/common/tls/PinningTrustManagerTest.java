package dev.qtorrent.common.tls;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PinningTrustManagerTest {
    private static final NodeIdentity TRACKER = NodeIdentity.generate("tracker.example");
    private static final NodeIdentity IMPOSTOR = NodeIdentity.generate("tracker.example");

    @Test
    void trustsThePinnedCertificate() {
        PinningTrustManager trust = PinningTrustManager.pinned(TRACKER.fingerprint());

        assertDoesNotThrow(() -> trust.checkServerTrusted(chain(TRACKER), "ECDHE_ECDSA"));
        assertEquals(Optional.of(TRACKER.fingerprint()), trust.presented());
        assertFalse(trust.mismatched());
    }

    @Test
    void rejectsAnyOtherCertificateAndRemembersIt() {
        PinningTrustManager trust = PinningTrustManager.pinned(TRACKER.fingerprint());

        CertificateException e = assertThrows(CertificateException.class,
                () -> trust.checkServerTrusted(chain(IMPOSTOR), "ECDHE_ECDSA"));

        assertTrue(e.getMessage().contains(TRACKER.fingerprint().hex()), e.getMessage());
        assertTrue(e.getMessage().contains(IMPOSTOR.fingerprint().hex()), e.getMessage());
        assertEquals(Optional.of(IMPOSTOR.fingerprint()), trust.presented());
        assertEquals(Optional.of(TRACKER.fingerprint()), trust.pin());
        assertTrue(trust.mismatched());
    }

    @Test
    void insecureTrustsAnythingButStillRecordsIt() {
        PinningTrustManager trust = PinningTrustManager.insecure();

        assertDoesNotThrow(() -> trust.checkServerTrusted(chain(IMPOSTOR), "ECDHE_ECDSA"));
        assertEquals(Optional.of(IMPOSTOR.fingerprint()), trust.presented());
        assertEquals(Optional.empty(), trust.pin());
        assertFalse(trust.mismatched());
    }

    @Test
    void nothingIsPresentedBeforeAHandshake() {
        PinningTrustManager trust = PinningTrustManager.pinned(TRACKER.fingerprint());

        assertEquals(Optional.empty(), trust.presented());
        assertFalse(trust.mismatched());
    }

    @Test
    void anEmptyChainIsRejectedEvenWhenInsecure() {
        assertThrows(CertificateException.class,
                () -> PinningTrustManager.insecure().checkServerTrusted(new X509Certificate[0], "ECDHE_ECDSA"));
        assertThrows(CertificateException.class,
                () -> PinningTrustManager.insecure().checkServerTrusted(null, "ECDHE_ECDSA"));
    }

    @Test
    void clientCertificatesAreNeverTrusted() {
        PinningTrustManager trust = PinningTrustManager.insecure();

        assertThrows(CertificateException.class, () -> trust.checkClientTrusted(chain(TRACKER), "ECDHE_ECDSA"));
        assertEquals(0, trust.getAcceptedIssuers().length);
    }

    private static X509Certificate[] chain(NodeIdentity identity) {
        return new X509Certificate[] {identity.certificate()};
    }
}
