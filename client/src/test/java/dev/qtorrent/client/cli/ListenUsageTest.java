package dev.qtorrent.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Listening and seeding options that contradict each other or are out of range: usage errors, before anything runs. */
class ListenUsageTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "download x.torrent --listen 70000          | --listen must be between 0 and 65535",
        "download x.torrent --listen -1             | --listen must be between 0 and 65535",
        "download x.torrent --listen 7000 --no-listen | --listen and --no-listen contradict",
        "download x.torrent --seed --no-listen      | --seed and --no-listen contradict",
        "download x.torrent --seed-time 1w          | --seed-time: 1w is not a duration",
        "download x.torrent --seed-ratio 0          | --seed-ratio must be above 0",
        "seed x.torrent --no-listen                 | --no-listen leaves a seed nobody to serve",
        "download x.torrent --max-upload-rate 2Q    | --max-upload-rate: 2Q is not a size like",
        "seed x.torrent --max-upload-rate -1M       | --max-upload-rate: -1M is not a size like",
        "seed x.torrent --max-upload-rate 0.5       | --max-upload-rate: 0.5 is not a size like"})
    void isAUsageError(String line, String message) {
        CliHarness cli = new CliHarness();
        assertEquals(ExitCode.USAGE.code(), cli.run((Object[]) line.strip().split(" +")), cli.err());
        assertTrue(cli.err().contains(message), cli.err());
    }
}
