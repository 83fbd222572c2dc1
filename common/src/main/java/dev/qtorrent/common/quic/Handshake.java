package dev.qtorrent.common.quic;

import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.util.concurrent.Future;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * A connection attempt that ends as soon as the other node closes it. Netty fails the attempt only after QUIC's
 * draining period (three probe timeouts, seconds) when the node refuses the handshake, although its CONNECTION_CLOSE
 * has already said why; this reports that reason at once.
 */
final class Handshake {
    /** TLS alert no_application_protocol: the node speaks none of the protocol versions offered (RFC 7301). */
    static final int NO_APPLICATION_PROTOCOL = 120;

    private Handshake() {
    }

    /**
     * Completes with the connection, or fails with the other node's CONNECTION_CLOSE if that comes first, or with the
     * attempt's own failure.
     */
    static CompletableFuture<QuicChannel> firstOf(Future<QuicChannel> connecting,
                                                  CompletableFuture<QuicConnectionCloseEvent> remoteClose,
                                                  String node) {
        CompletableFuture<QuicChannel> outcome = new CompletableFuture<>();
        connecting.addListener(f -> {
            if (f.isSuccess()) {
                outcome.complete(connecting.getNow());
            } else {
                outcome.completeExceptionally(f.cause());
            }
        });
        remoteClose.thenAccept(close -> outcome.completeExceptionally(
                new NodeUnreachableException(describe(close, node), null)));
        return outcome;
    }

    /** @param node the other side as the user knows it: its role and address, "tracker 10.0.0.1:6881" */
    static String describe(QuicConnectionCloseEvent close, String node) {
        if (close.isTlsError()
                && QuicConnectionCloseEvent.extractTlsError(close.error()) == NO_APPLICATION_PROTOCOL) {
            return node + " does not speak " + QuicSettings.ALPN + " (it refused the protocol: "
                    + "TLS alert no_application_protocol, CRYPTO_ERROR 0x" + Integer.toHexString(close.error())
                    + "); it may run another version";
        }
        String reason = close.reason() == null || close.reason().length == 0 ? ""
                : ": " + new String(close.reason(), StandardCharsets.UTF_8);
        return node + " closed the connection during the handshake ("
                + (close.isApplicationClose() ? "application" : "transport") + " error 0x"
                + Integer.toHexString(close.error()) + reason + ")";
    }
}
