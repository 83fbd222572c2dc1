package dev.qtorrent.common.quic;

import dev.qtorrent.common.tls.Fingerprint;
import java.io.IOException;

/**
 * A node presented a certificate other than its pin: the tracker another than the torrent (or {@code --pin}) names, a
 * peer another than the tracker listed beside it.
 */
public final class CertificatePinException extends IOException {
    private final Fingerprint expected;
    private final Fingerprint presented;

    public CertificatePinException(String address, Fingerprint expected, Fingerprint presented) {
        this("tracker", address, expected, presented);
    }

    /** @param role what the node is: "tracker", whose pin the user may change, or "peer", pinned by the tracker */
    public CertificatePinException(String role, String address, Fingerprint expected, Fingerprint presented) {
        super("certificate pin mismatch for " + address + ": expected sha256=" + expected + " but the " + role
                + " presented sha256=" + presented + ("tracker".equals(role)
                ? " (if the tracker's certificate changed on purpose, pass --pin " + presented + ")"
                : " (not the certificate the tracker listed for it)"));
        this.expected = expected;
        this.presented = presented;
    }

    public Fingerprint expected() {
        return expected;
    }

    public Fingerprint presented() {
        return presented;
    }
}
