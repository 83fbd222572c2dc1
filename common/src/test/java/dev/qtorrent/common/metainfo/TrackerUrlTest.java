package dev.qtorrent.common.metainfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TrackerUrlTest {
    @ParameterizedTest
    @CsvSource({
        "quic://127.0.0.1:7001,       127.0.0.1,   7001, quic://127.0.0.1:7001",
        "QUIC://tracker.example:443,  tracker.example, 443, quic://tracker.example:443",
        "quic://[2001:db8::1]:7001,   2001:db8::1, 7001, quic://[2001:db8::1]:7001",
        "quic://[::1]:1,              ::1,         1,    quic://[::1]:1"})
    void parsesAndWritesBack(String url, String host, int port, String written) {
        TrackerUrl parsed = TrackerUrl.parse(url);
        assertEquals(host, parsed.host());
        assertEquals(port, parsed.port());
        assertEquals(written, parsed.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://tracker.example/announce", "udp://tracker.example:6969", "quic://host",
        "quic://:7001", "quic://host:0", "quic://host:70000", "quic//host:1", "", "quic://host:port"})
    void rejectsWhatIsNotAQuicTracker(String url) {
        assertThrows(IllegalArgumentException.class, () -> TrackerUrl.parse(url));
    }
}
