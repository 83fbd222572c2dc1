package dev.qtorrent.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The figures the benchmark reads from a client's log file, in the file's own line format. */
class ClientLogTest {
    private static final String CONNECTED = "2026-12-02T14:49:36.152Z INFO  [main] d.q.common.quic.NodeConnection - "
            + "connected to tracker 127.0.0.1:42245 over QUIC (epoll+gso, datagrams up to 1452 bytes), "
            + "certificate sha256=438133c1";
    private static final String PEER = "2026-12-02T14:49:36.300Z INFO  [main] d.q.common.quic.NodeConnection - "
            + "connected to peer 127.0.0.1:6881 over QUIC (nio, datagrams up to 16384 bytes), certificate sha256=aa";
    private static final String DATA = "2026-12-02T14:49:38.957Z INFO  [main] d.q.client.download.DiskWriter - "
            + "data phase: 33554432 bytes in 2336319892 ns from the first byte at 2026-12-02T14:49:36.500Z";

    @Test
    void readsTheDataPhaseItsFirstByteAndTheTrackersDatagrams() {
        ClientLog log = ClientLog.parse(List.of("2026-12-02T14:49:35.160Z INFO  [main] ClientIdentity - x", CONNECTED,
                PEER, DATA));
        assertEquals(2.336319892, log.dataSeconds(), 1e-12);
        long firstByte = java.time.Instant.parse("2026-12-02T14:49:36.500Z").toEpochMilli();
        assertEquals(firstByte, log.firstByteEpochMillis());
        assertEquals(1452, log.datagramBytes());
        assertEquals(1.25, log.firstByteSeconds(firstByte - 1250), 1e-9);
    }

    @Test
    void anOlderDataPhaseLineStillGivesTheDataPhase() {
        ClientLog log = ClientLog.parse(List.of("INFO DiskWriter - data phase: 100 bytes in 2000000000 ns"));
        assertEquals(2.0, log.dataSeconds(), 1e-12);
        assertEquals(-1, log.firstByteEpochMillis());
        assertTrue(Double.isNaN(log.firstByteSeconds(0)));
        assertEquals(-1, log.datagramBytes());
    }

    @Test
    void aLogWithoutTheLinesSaysNothing() {
        ClientLog log = ClientLog.parse(List.of(PEER, "ERROR DownloadCommand - cannot connect to tracker"));
        assertTrue(Double.isNaN(log.dataSeconds()));
        assertEquals(-1, log.datagramBytes());
    }

    @Test
    void readsWhereThePieceBytesCameFromInTheLastSummary() {
        ClientLog log = ClientLog.parse(List.of(
                "INFO SwarmFetch - received 5 bytes from the tracker and 7 bytes from 1 peer; redundant bytes: 0",
                "INFO SwarmFetch - received 0 bytes from the tracker and 1073741824 bytes from 3 peers; redundant "
                        + "bytes: 4096", DATA));
        assertEquals(3, log.peers());
        assertEquals(0, log.fromTracker());
        assertEquals(-1, ClientLog.parse(List.of(DATA)).peers());
    }
}
