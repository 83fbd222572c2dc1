package dev.qtorrent.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a tracker as a separate process and waits until it serves, as a user sees it in a terminal. */
final class TrackerProcess {
    static final String READY = "Press Ctrl-C to stop.";

    private TrackerProcess() {
    }

    /** Returns the banner lines once the tracker in {@code process} is ready; its output keeps being drained. */
    static List<String> startAndWait(Process process) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = reader.readLine()) != null) {
            lines.add(line);
            if (line.equals(READY)) {
                // Keep reading so the tracker never blocks on a full pipe.
                Thread drain = new Thread(() -> {
                    try {
                        reader.transferTo(Writer.nullWriter());
                    } catch (IOException ignored) {
                        // The process ended.
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return lines;
            }
        }
        throw new AssertionError("tracker ended before it was ready: " + lines);
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
