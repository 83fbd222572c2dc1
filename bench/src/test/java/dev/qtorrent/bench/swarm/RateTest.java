package dev.qtorrent.bench.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RateTest {
    @ParameterizedTest
    @CsvSource({
        "80mbit, 80000000",
        "160mbit, 160000000",
        "1gbit, 1000000000",
        "500kbit, 500000",
        "8kbit, 8000",
        "' 80MBit ', 80000000",
        "64000bit, 64000",
    })
    void parsesDecimalBitRatesAsTcDoes(String text, long bits) {
        Rate rate = Rate.parse(text);
        assertEquals(bits, rate.bitsPerSecond());
        assertEquals(bits / 8.0, rate.bytesPerSecond());
        assertEquals(bits + "bit", rate.tc());
    }

    @ParameterizedTest
    @ValueSource(strings = {"80", "10mbps", "10MB", "1.5mbit", "-1mbit", "mbit", "80 mbits", "7kbit", "0bit"})
    void refusesWhatTcWouldReadDifferentlyOrTooSmall(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Rate.parse(text));
        assertTrue(e.getMessage().contains("rate"), e.getMessage());
    }

    @Test
    void printsInTheLargestWholeUnit() {
        assertEquals("80 Mbit/s", Rate.parse("80mbit").toString());
        assertEquals("2 Gbit/s", Rate.parse("2000mbit").toString());
        assertEquals("0.500 Mbit/s", Rate.parse("500kbit").toString());
    }
}
