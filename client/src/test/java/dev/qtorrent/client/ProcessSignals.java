package dev.qtorrent.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Signals for the processes the integration tests start, sent as a user would with {@code kill}. */
final class ProcessSignals {
    static final int SIGINT = 2;

    private ProcessSignals() {
    }

    /** Sends {@code name} ({@code INT}, {@code TERM}, {@code HUP}, {@code KILL}) to {@code process}. */
    static void send(Process process, String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-s", name, String.valueOf(process.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -s " + name);
    }

    /**
     * Whether this JVM ignores signal {@code number}, which the processes it starts then inherit: a shell without
     * job control starts background jobs with SIGINT ignored, and {@code nohup} ignores SIGHUP.
     */
    static boolean ignored(int number) throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & (1L << (number - 1))) != 0;
            }
        }
        return false;
    }
}
