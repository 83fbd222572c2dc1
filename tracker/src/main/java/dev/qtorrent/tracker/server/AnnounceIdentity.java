package dev.qtorrent.tracker.server;

import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ProtocolException;
import dev.qtorrent.common.quic.PeerCertificate;
import dev.qtorrent.common.tls.Fingerprint;
import io.netty.channel.Channel;

/**
 * Who is announcing: the fingerprint of the client certificate of the announce's connection. A peer without one could
 * not be pinned by anyone it is listed to, so its announce is refused; pieces and metainfo need no certificate.
 */
final class AnnounceIdentity {
    private AnnounceIdentity() {
    }

    /** @throws ProtocolException {@code certificate_required} when the connection brought no client certificate */
    static Fingerprint require(Channel stream) {
        return PeerCertificate.of(stream).orElseThrow(() -> new ProtocolException(ErrorCode.CERTIFICATE_REQUIRED,
                "announce needs a TLS client certificate, so that peers can pin this peer; reconnect with one"));
    }
}
