package dev.qtorrent.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The durations {@code --seed-time} takes, and the ones it refuses. */
class SeedTimeTest {
    @ParameterizedTest
    @CsvSource({"2s, PT2S", "90, PT1M30S", "30m, PT30M", "2h, PT2H", "1d, PT24H", "2H, PT2H"})
    void readsANumberWithAUnit(String text, String expected) {
        assertEquals(Duration.parse(expected), StayOptions.duration(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "m", "-1s", "1.5h", "2 weeks", "1w", "99999999999999999999s"})
    void refusesAnythingElse(String text) {
        assertThrows(UsageException.class, () -> StayOptions.duration(text));
    }
}
