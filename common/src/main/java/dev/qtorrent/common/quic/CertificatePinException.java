package dev.qtorrent.common.quic;

import dev.qtorrent.common.tls.Fingerprint;
import java.io.IOException;

/** The tracker presented a certificate other than the one the torrent (or {@code --pin}) names. */
public final class CertificatePinException extends IOException {
    private final Fingerprint expected;
    private final Fingerprint presented;

    public CertificatePinException(String address, Fingerprint expected, Fingerprint presented) {
        super("certificate pin mismatch for " + address + ": expected sha256=" + expected
                + " but the tracker presented sha256=" + presented
                + " (if the tracker's certificate changed on purpose, pass --pin " + presented + ")");
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
