package dev.qtorrent.common.quic;

import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.util.concurrent.Future;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * A connection attempt that ends as soon as the tracker closes it. Netty fails the attempt only after QUIC's draining
 * period (three probe timeouts, seconds) when the tracker refuses the handshake, although the tracker's
 * CONNECTION_CLOSE has already said why; this reports that reason at once.
 */
final class Handshake {
    /** TLS alert no_application_protocol: the tracker speaks none of the protocol versions offered (RFC 7301). */
    static final int NO_APPLICATION_PROTOCOL = 120;

    private Handshake() {
    }

    /**
     * Completes with the connection, or fails with the tracker's CONNECTION_CLOSE if that comes first, or with the
     * attempt's own failure.
     */
    static CompletableFuture<QuicChannel> firstOf(Future<QuicChannel> connecting,
                                                  CompletableFuture<QuicConnectionCloseEvent> trackerClose,
                                                  String address) {
        CompletableFuture<QuicChannel> outcome = new CompletableFuture<>();
        connecting.addListener(f -> {
            if (f.isSuccess()) {
                outcome.complete(connecting.getNow());
            } else {
                outcome.completeExceptionally(f.cause());
            }
        });
        trackerClose.thenAccept(close -> outcome.completeExceptionally(
                new TrackerUnreachableException(describe(close, address), null)));
        return outcome;
    }

    static String describe(QuicConnectionCloseEvent close, String address) {
        if (close.isTlsError()
                && QuicConnectionCloseEvent.extractTlsError(close.error()) == NO_APPLICATION_PROTOCOL) {
            return "tracker " + address + " does not speak " + QuicSettings.ALPN + " (it refused the protocol: "
                    + "TLS alert no_application_protocol, CRYPTO_ERROR 0x" + Integer.toHexString(close.error())
                    + "); it may run another version";
        }
        String reason = close.reason() == null || close.reason().length == 0 ? ""
                : ": " + new String(close.reason(), StandardCharsets.UTF_8);
        return "tracker " + address + " closed the connection during the handshake ("
                + (close.isApplicationClose() ? "application" : "transport") + " error 0x"
                + Integer.toHexString(close.error()) + reason + ")";
    }
}
