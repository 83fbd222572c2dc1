package dev.qtorrent.common.quic;

import io.netty.handler.codec.quic.QuicChannelOption;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import java.util.concurrent.TimeUnit;

/**
 * Builds the QUIC codecs of both sides from one {@link QuicSettings}, so the tracker, the client and the benchmark's
 * bare transfer always run with the same transport parameters.
 */
public final class QuicCodecs {
    /** Length of the connection ids a client picks for itself (docs/PROTOCOL.md §2). */
    public static final int CLIENT_CONNECTION_ID_BYTES = 8;
    private QuicCodecs() {
    }

    /**
     * A server codec for streams that peers open: small receive windows (requests are small), large send windows set
     * by the peer. It receives Ethernet-sized datagrams (requests and acknowledgements are small) and sends datagrams
     * as large as each client accepts, up to the settings' maximum; {@link SegmentSizer} fits GSO batches to that
     * size once a connection is up. The caller adds the token handler (address validation) and the connection and
     * stream handlers.
     */
    public static QuicServerCodecBuilder server(QuicSettings settings, QuicSslContext ssl, Transport transport) {
        return new QuicServerCodecBuilder()
                .sslContext(ssl)
                .maxIdleTimeout(settings.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .maxSendUdpPayloadSize(settings.maxUdpPayload())
                .maxRecvUdpPayloadSize(settings.udpPayload())
                .initialMaxData(settings.connectionWindow())
                // Clients open every stream; requests are small, so their send window needs to hold one request.
                .initialMaxStreamDataBidirectionalRemote(settings.maxRequestBytes())
                .initialMaxStreamDataBidirectionalLocal(0)
                .initialMaxStreamsBidirectional(settings.maxStreams())
                .initialMaxStreamsUnidirectional(0)
                .option(QuicChannelOption.SEGMENTED_DATAGRAM_PACKET_ALLOCATOR,
                        transport.segmentAllocator(settings.udpPayload()));
    }

    /**
     * A client codec whose receive windows are sized for downloading on the streams it opens itself. It sends
     * Ethernet-sized datagrams and accepts datagrams of up to {@code receivePayload} bytes (see {@link PathMtu}).
     */
    public static QuicClientCodecBuilder client(QuicSettings settings, QuicSslContext ssl, int receivePayload) {
        return new QuicClientCodecBuilder()
                .sslContext(ssl)
                // Short ids let the tracker echo the client's id in a stateless reset (see the tracker's
                // ConnectionIds), which is how the reset reaches this connection; 8 random bytes stay unguessable.
                .localConnectionIdLength(CLIENT_CONNECTION_ID_BYTES)
                .maxIdleTimeout(settings.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .maxSendUdpPayloadSize(settings.udpPayload())
                .maxRecvUdpPayloadSize(receivePayload)
                .initialMaxData(settings.connectionWindow())
                // The client downloads on streams it opens itself, so its receive window is the "local" one.
                .initialMaxStreamDataBidirectionalLocal(settings.streamWindow())
                .initialMaxStreamDataBidirectionalRemote(0)
                .initialMaxStreamsBidirectional(0)
                .initialMaxStreamsUnidirectional(0);
    }
}
