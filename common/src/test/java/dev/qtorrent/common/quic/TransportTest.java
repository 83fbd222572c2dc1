package dev.qtorrent.common.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import io.netty.handler.codec.quic.SegmentedDatagramPacketAllocator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransportTest {
    @ParameterizedTest(name = "{0}-byte datagrams: {1} per batch")
    @CsvSource({"1200, 16", "1452, 16", "4096, 15", "8972, 7", "16384, 3", "32768, 1", "65527, 1"})
    void gsoBatchesFitOneUdpDatagram(int payload, int segments) {
        assumeTrue(Epoll.isAvailable(), "epoll is not available here: " + Epoll.unavailabilityCause());
        Transport epoll = Transport.detect();
        assumeTrue(epoll.gso(), "GSO transport not selected (qtorrent.transport=nio?)");

        SegmentedDatagramPacketAllocator allocator = epoll.segmentAllocator(payload);

        if (segments == 1) {
            assertSame(SegmentedDatagramPacketAllocator.NONE, allocator);
        } else {
            assertEquals(segments, allocator.maxNumSegments());
            assertTrue(segments * payload <= 65_507);
        }
    }

    @ParameterizedTest(name = "NIO, {0}-byte datagrams: no GSO")
    @CsvSource({"1452", "16384"})
    void nioNeverSegments(int payload) {
        assertSame(SegmentedDatagramPacketAllocator.NONE, Transport.nio().segmentAllocator(payload));
    }
}
