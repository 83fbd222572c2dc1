package dev.qtorrent.common.quic;

import dev.qtorrent.common.tls.Fingerprint;
import io.netty.channel.Channel;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.util.AttributeKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The fingerprint of the certificate the other end of a QUIC connection presented in its TLS handshake. This, never a
 * field of a request, is what a node is known by: only the TLS handshake proves that the peer holds the certificate's
 * key. Read once per connection and kept on the connection's channel.
 */
public final class PeerCertificate {
    private static final AttributeKey<Optional<Fingerprint>> FINGERPRINT =
            AttributeKey.valueOf(PeerCertificate.class, "fingerprint");

    private PeerCertificate() {
    }

    /**
     * The fingerprint of the peer's leaf certificate, for a QUIC connection or one of its streams; empty when the
     * peer presented none or the channel is not QUIC.
     */
    public static Optional<Fingerprint> of(Channel channel) {
        QuicChannel connection = channel instanceof QuicChannel quic ? quic
                : channel.parent() instanceof QuicChannel quic ? quic : null;
        if (connection == null) {
            return Optional.empty();
        }
        Optional<Fingerprint> known = connection.attr(FINGERPRINT).get();
        if (known != null) {
            return known;
        }
        Optional<Fingerprint> read = read(connection.sslEngine());
        // Only a finished handshake's answer is final; before it the certificate may still come.
        if (read.isPresent()) {
            connection.attr(FINGERPRINT).setIfAbsent(read);
        }
        return read;
    }

    private static Optional<Fingerprint> read(SSLEngine engine) {
        if (engine == null) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = engine.getSession().getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate leaf) {
                return Optional.of(Fingerprint.of(leaf));
            }
            return Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }
}
