package dev.qtorrent.tracker.swarm.redis;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server (the Debian package) on 127.0.0.1 and a free port, without persistence, that a test can stop
 * and start again on the same port. Tests that need it skip, saying so, when redis-server is not installed.
 */
public final class RedisServer implements AutoCloseable {
    private final Path binary;
    private final int port;
    private Process process;

    private RedisServer(Path binary, int port) {
        this.binary = binary;
        this.port = port;
    }

    /** Starts a server, or skips the test when redis-server is missing. */
    public static RedisServer start() throws IOException, InterruptedException {
        Path binary = find();
        assumeTrue(binary != null, "redis-server is not installed (Debian package redis-server): skipping the "
                + "shared swarm store tests");
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        RedisServer server = new RedisServer(binary, port);
        server.startAgain();
        return server;
    }

    private static Path find() {
        for (String dir : (System.getenv("PATH") + ":/usr/bin:/usr/sbin").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Starts the server (again) on its port and waits until it answers PING. */
    public void startAgain() throws IOException, InterruptedException {
        process = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!answers()) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                stop();
                throw new IOException("redis-server did not start on port " + port);
            }
            Thread.sleep(20);
        }
    }

    /** Stops the server, as a crash would, and waits until it is gone. */
    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    /** Empties every database, scripts kept. */
    public void flush() throws IOException {
        if (!command("FLUSHALL", "+OK\r\n")) {
            throw new IOException("redis-server on port " + port + " did not flush");
        }
    }

    private boolean answers() {
        try {
            return command("PING", "+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    private boolean command(String command, String expected) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = in.readNBytes(expected.length());
            return new String(answer, StandardCharsets.US_ASCII).equals(expected);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
