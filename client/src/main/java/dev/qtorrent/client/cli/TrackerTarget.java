package dev.qtorrent.client.cli;

import dev.qtorrent.common.tls.Fingerprint;
import dev.qtorrent.common.tls.PinningTrustManager;
import java.util.Optional;

/** How the certificate of the tracker a command talks to is checked: shared by download and seed. */
final class TrackerTarget {
    private TrackerTarget() {
    }

    /** How the tracker's certificate is checked: --insecure, else --pin, else the torrent's pin. */
    static PinningTrustManager trust(String source, boolean insecure, String pin, Optional<String> carriedPin)
            throws UntrustedTrackerException {
        if (insecure) {
            return PinningTrustManager.insecure();
        }
        if (pin != null) {
            try {
                return PinningTrustManager.pinned(Fingerprint.parse(pin));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--pin: " + e.getMessage());
            }
        }
        if (carriedPin.isEmpty()) {
            throw new UntrustedTrackerException(source + " carries no certificate pin: pass --pin SHA256 (the "
                    + "fingerprint the tracker prints when it starts) or --insecure to accept any certificate");
        }
        return PinningTrustManager.pinned(new Fingerprint(carriedPin.get()));
    }
}
