package dev.qtorrent.bench.announce;

import dev.qtorrent.bench.ChildProcess;
import dev.qtorrent.bench.ProcStat;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A redis-server for our tracker's shared swarm store: loopback, a free port, nothing saved to disk. */
final class RedisProcess implements AutoCloseable {
    private final ChildProcess process;
    private final int port;

    private RedisProcess(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    static RedisProcess start(Path dir) throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        ChildProcess process = ChildProcess.start("redis-server", List.of("redis-server", "--port",
                Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"), dir, Map.of());
        if (process.awaitLine(line -> line.contains("Ready to accept connections"), Duration.ofSeconds(10))
                .isEmpty()) {
            process.close();
            throw new IllegalStateException("redis-server did not start:" + System.lineSeparator()
                    + process.output());
        }
        return new RedisProcess(process, port);
    }

    /** The tracker's option naming this server. */
    List<String> trackerOptions() {
        return List.of("--swarm-store", "redis://127.0.0.1:" + port);
    }

    double cpuSeconds() {
        return ProcStat.cpuSeconds(process.pid());
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
