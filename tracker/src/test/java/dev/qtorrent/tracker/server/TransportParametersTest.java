package dev.qtorrent.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.tracker.TestTracker;
import io.netty.handler.codec.quic.QuicTransportParameters;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The tracker's transport parameters, as a client receives them, are the ones docs/PROTOCOL.md section 2 lists. */
@Timeout(30)
class TransportParametersTest {
    @TempDir
    Path seed;

    @Test
    void trackerSendsTheDocumentedTransportParameters() throws Exception {
        try (TestTracker tracker = TestTracker.start(seed);
             NodeConnection connection = tracker.connect()) {
            QuicTransportParameters sent = connection.peerTransportParameters();

            assertNotNull(sent, "no transport parameters after the handshake");
            assertEquals(30_000, sent.maxIdleTimeout(), "max_idle_timeout");
            assertEquals(1452, sent.maxUdpPayloadSize(), "max_udp_payload_size");
            assertEquals(64L << 20, sent.initialMaxData(), "initial_max_data");
            assertEquals(65_536, sent.initialMaxStreamDataBidiRemote(), "initial_max_stream_data_bidi_remote");
            assertEquals(0, sent.initialMaxStreamDataBidiLocal(), "initial_max_stream_data_bidi_local");
            assertEquals(0, sent.initialMaxStreamDataUni(), "initial_max_stream_data_uni");
            assertEquals(128, sent.initialMaxStreamsBidi(), "initial_max_streams_bidi");
            assertEquals(0, sent.initialMaxStreamsUni(), "initial_max_streams_uni");
            // Netty reports a parameter the peer left out as -1; RFC 9000 section 18.2 then makes the limit 2.
            assertEquals(-1, sent.activeConnIdLimit(), "active_connection_id_limit is not sent");
        }
    }
}
