package dev.qtorrent.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1            | 127.0.0.1:7006",
        "0.0.0.0              | 0.0.0.0:7006",
        "::                   | [::]:7006",
        "::1                  | [::1]:7006",
        "2001:db8:0:0:1:0:0:1 | [2001:db8::1:0:0:1]:7006",
        "2001:db8:1:2:3:4:5:6 | [2001:db8:1:2:3:4:5:6]:7006",
        "fe80:0:0:0:0:0:0:0   | [fe80::]:7006",
        "1:0:0:2:0:0:0:3      | [1:0:0:2::3]:7006"})
    void addressesAreWrittenAsTyped(String address, String expected) throws Exception {
        assertEquals(expected, Endpoints.format(InetAddress.getByName(address), 7006));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0.0.0.0   | 0.0.0.0:7006",
        "::        | [::]:7006",
        "[::1]     | [::1]:7006",
        "localhost | localhost:7006"})
    void hostsFromTheCommandLineGetBracketsWhenIpv6(String host, String expected) {
        assertEquals(expected, Endpoints.format(host, 7006));
    }
}
