package dev.qtorrent.common.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostPortTest {
    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource({
        "127.0.0.1, 7001, 127.0.0.1:7001",
        "::1, 7007, [::1]:7007",
        "0:0:0:0:0:0:0:1, 7007, [::1]:7007",
        "::, 7001, [::]:7001",
        "2001:db8:0:0:1:0:0:1, 443, [2001:db8::1:0:0:1]:443",
        "2001:0db8:0:0:0:0:2:1, 1, [2001:db8::2:1]:1",
        "2001:db8:0:1:1:1:1:1, 2, [2001:db8:0:1:1:1:1:1]:2",
        "fe80:0:0:0:0:0:0:0, 3, [fe80::]:3",
    })
    void resolvedAddressesAreWrittenAsUrlsWriteThem(String host, int port, String expected) {
        assertEquals(expected, HostPort.format(new InetSocketAddress(host, port)));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource({
        "tracker.example, 7001, tracker.example:7001",
        "[::1], 7001, [::1]:7001",
        "::1, 7001, [::1]:7001",
    })
    void hostStringsAreBracketedWhenTheyHoldColons(String host, int port, String expected) {
        assertEquals(expected, HostPort.format(host, port));
        assertEquals(expected, HostPort.format(InetSocketAddress.createUnresolved(host, port)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1            | 127.0.0.1",
        "0.0.0.0              | 0.0.0.0",
        "::                   | [::]",
        "1:0:0:2:0:0:0:3      | [1:0:0:2::3]",
        "2001:db8:1:2:3:4:5:6 | [2001:db8:1:2:3:4:5:6]"})
    void addressesAloneAreWrittenAsTheyStandBeforeAPort(String address, String expected) throws Exception {
        assertEquals(expected, HostPort.host(InetAddress.getByName(address)));
    }
}
