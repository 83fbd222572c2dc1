package dev.qtorrent.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One unit system: powers of 1024 read in every common spelling, written as IEC units, nouns in the right number. */
class ByteSizeTest {
    @ParameterizedTest(name = "{0} = {1} bytes")
    @CsvSource({
        "0, 0",
        "16384, 16384",
        "500B, 500",
        "500K, 512000",
        "10M, 10485760",
        "10m, 10485760",
        "10MB, 10485760",
        "10MiB, 10485760",
        "10 MiB, 10485760",
        "1.5M, 1572864",
        "1G, 1073741824",
        "2TiB, 2199023255552",
    })
    void parsesEverySpellingAsPowersOf1024(String text, long bytes) {
        assertEquals(bytes, ByteSize.parse(text, "--max-rate"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "1.5", "10X", "M", "10MiBs", "99999999999T"})
    void refusesWhatIsNotAWholeNumberOfBytes(String text) {
        UsageException e = assertThrows(UsageException.class, () -> ByteSize.parse(text, "--max-rate"));
        assertEquals("--max-rate: " + text + " is not a size like 16384, 256K, 1.5M or 10MiB", e.getMessage());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0, 0 bytes",
        "1, 1 byte",
        "1023, 1023 bytes",
        "1024, 1.0 KiB",
        "1048575, 1.0 MiB",
        "1572864, 1.5 MiB",
        "10737418240, 10.0 GiB",
    })
    void formatsInIecUnits(long bytes, String text) {
        assertEquals(text, ByteSize.format(bytes));
    }

    @Test
    void ratesUseTheSameUnits() {
        assertEquals("900 B/s", ByteSize.rate(900));
        assertEquals("10.0 MiB/s", ByteSize.rate(10 * 1024 * 1024));
    }

    @Test
    void countsAgreeInNumber() {
        assertEquals("1 piece", ByteSize.count(1, "piece"));
        assertEquals("0 pieces", ByteSize.count(0, "piece"));
        assertEquals("1024 pieces", ByteSize.count(1024, "piece"));
        assertEquals("1 damaged piece", ByteSize.count(1, "damaged piece"));
    }
}
