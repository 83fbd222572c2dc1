package dev.qtorrent.client.cli;

import dev.qtorrent.common.metainfo.MetainfoException;
import dev.qtorrent.common.metainfo.TrackerUrl;
import dev.qtorrent.common.tls.Fingerprint;
import dev.qtorrent.common.tls.PinningTrustManager;
import java.net.InetSocketAddress;
import java.util.Optional;

/** Which tracker a command talks to, and how its certificate is checked: shared by download and seed. */
final class TrackerTarget {
    private TrackerTarget() {
    }

    /** The tracker: HOST and PORT when given, else from the torrent's announce URL. */
    static InetSocketAddress address(String source, String announce, String host, Integer port) {
        TrackerUrl url = null;
        if (announce != null && !announce.isEmpty() && (host == null || port == null)) {
            try {
                url = TrackerUrl.parse(announce);
            } catch (IllegalArgumentException e) {
                throw new MetainfoException(source + ": announce URL " + announce
                        + " is not of the form quic://HOST:PORT; give HOST and PORT on the command line");
            }
        }
        String h = host != null ? host : url != null ? url.host() : null;
        int p = port != null ? port : url != null ? url.port() : -1;
        if (h == null || p < 0) {
            throw new MetainfoException(source + " names no quic:// tracker: give HOST and PORT on the command line");
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return new InetSocketAddress(h, p);
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
