package dev.qtorrent.common.quic;

import dev.qtorrent.common.tls.AnyClientCertificate;
import dev.qtorrent.common.tls.IdentityKeyManager;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.common.tls.PinningTrustManager;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.ssl.ClientAuth;

/**
 * The TLS set-up of both ends of a connection (docs/PROTOCOL.md §2 and §3). A server asks every client for a
 * certificate but does not require one: BoringSSL, when a required certificate is missing, fails the handshake in a
 * way the client only sees as a timeout, so a server that needs a client's identity refuses the request instead,
 * with an error the client can read ({@code certificate_required}).
 */
public final class TlsContexts {
    private TlsContexts() {
    }

    /** A server presenting {@code identity} and asking, without requiring, for a client certificate. */
    public static QuicSslContext server(NodeIdentity identity) {
        return QuicSslContextBuilder.forServer(new IdentityKeyManager(identity), null)
                .trustManager(new AnyClientCertificate())
                .clientAuth(ClientAuth.OPTIONAL)
                .applicationProtocols(QuicSettings.ALPN)
                .build();
    }

    /**
     * A client checking the server with {@code trust} and presenting {@code identity} when the server asks for a
     * certificate.
     *
     * @param identity the client's own identity; null to present none
     */
    public static QuicSslContext client(PinningTrustManager trust, NodeIdentity identity) {
        QuicSslContextBuilder builder = QuicSslContextBuilder.forClient()
                .trustManager(trust)
                .applicationProtocols(QuicSettings.ALPN);
        if (identity != null) {
            builder.keyManager(new IdentityKeyManager(identity), null);
        }
        return builder.build();
    }
}
