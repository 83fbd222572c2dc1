package dev.qtorrent.bench.announce;

import dev.qtorrent.bench.ChildProcess;
import dev.qtorrent.bench.ProcStat;
import dev.qtorrent.common.bencode.BBytes;
import dev.qtorrent.common.bencode.BDict;
import dev.qtorrent.common.bencode.Bencode;
import dev.qtorrent.common.bencode.BValue;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * opentracker on a loopback TCP port, driven by wrk. Debian builds it to track only the info hashes on its whitelist,
 * and it chroots into its folder (and drops to user nobody when started as root), so the folder and the list must
 * be readable by everyone. Its UDP tracker listens on a port of its own, which the benchmark does not use.
 */
final class OpenTracker implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Workload workload;
    private final ChildProcess process;

    private OpenTracker(Path dir, int port, Workload workload, ChildProcess process) {
        this.dir = dir;
        this.port = port;
        this.workload = workload;
        this.process = process;
    }

    static OpenTracker start(Path work, Workload workload) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(work.resolve("opentracker"));
        Files.write(dir.resolve("whitelist.txt"), workload.infoHashes());
        Files.writeString(dir.resolve("opentracker.conf"), "access.whitelist /whitelist.txt\n");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir.resolve("whitelist.txt"), PosixFilePermissions.fromString("rw-r--r--"));
        int port = freeTcpPort();
        String ports = Integer.toString(port);
        ChildProcess process = ChildProcess.start("opentracker", List.of("opentracker", "-i", "127.0.0.1",
                "-p", ports, "-P", ports, "-f", dir.resolve("opentracker.conf").toString(), "-d", dir.toString()),
                dir, Map.of());
        OpenTracker tracker = new OpenTracker(dir, port, workload, process);
        tracker.awaitListening(Duration.ofSeconds(20));
        return tracker;
    }

    long pid() {
        return process.pid();
    }

    long peakRssBytes() {
        return ProcStat.peakRssBytes(process.pid());
    }

    double cpuSeconds() {
        return ProcStat.cpuSeconds(process.pid());
    }

    private void awaitListening(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("opentracker did not listen on port " + port + ":"
                            + System.lineSeparator() + process.output());
                }
                Thread.sleep(50);
            }
        }
    }

    /**
     * Runs wrk against the tracker.
     *
     * @param connections wrk's connections, one request in flight on each (HTTP/1.1 has no multiplexing)
     * @param close       ask for a new connection per announce ({@code Connection: close})
     */
    WrkRun wrk(int threads, int connections, int seconds, boolean close)
            throws IOException, InterruptedException {
        Path script = dir.resolve("announce.lua");
        Files.writeString(script, WrkScript.of(workload));
        List<String> command = new ArrayList<>(List.of("wrk", "-t", Integer.toString(threads),
                "-c", Integer.toString(Math.max(threads, connections)), "-d", seconds + "s", "--timeout", "10s",
                "-s", script.toString()));
        if (close) {
            command.addAll(List.of("-H", "Connection: close"));
        }
        command.add("http://127.0.0.1:" + port);
        double trackerBefore = cpuSeconds();
        double childrenBefore = ProcStat.reapedChildrenCpuSeconds();
        double busyBefore = ProcStat.machineBusySeconds();
        ChildProcess wrk = ChildProcess.start("wrk", command, dir, Map.of());
        int code = wrk.await(Duration.ofSeconds(seconds + 60L));
        double generator = ProcStat.reapedChildrenCpuSeconds() - childrenBefore;
        double tracker = cpuSeconds() - trackerBefore;
        double other = ProcStat.machineBusySeconds() - busyBefore - generator - tracker;
        double otherLoad = Math.max(0, other) / wrk.elapsedSeconds() / Runtime.getRuntime().availableProcessors();
        if (code != 0) {
            throw new IllegalStateException("wrk failed with exit code " + code + ":" + System.lineSeparator()
                    + wrk.output());
        }
        try {
            return new WrkRun(WrkResult.parse(wrk.output()), tracker, generator, otherLoad);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage() + ":" + System.lineSeparator() + wrk.output(), e);
        }
    }

    /**
     * A wrk run with the CPU seconds the tracker and wrk spent on it, and the share of the machine's CPU that other
     * processes took meanwhile.
     */
    record WrkRun(WrkResult result, double trackerCpuSeconds, double wrkCpuSeconds, double otherLoad) {
    }

    /**
     * Sends every distinct announce of the workload once, each on a connection of its own as opentracker answers
     * them (it closes every connection after its answer), from a few threads; checks every answer.
     */
    void populate(int threads) throws InterruptedException {
        AtomicLong next = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(() -> {
                for (long k = next.getAndIncrement(); k < workload.size() && failure.get() == null;
                     k = next.getAndIncrement()) {
                    int peer = workload.peer(k);
                    try {
                        announce(workload.infoHash(k), Workload.peerId(peer), Workload.port(peer), 0);
                    } catch (IOException | RuntimeException e) {
                        failure.compareAndSet(null, e);
                    }
                }
            }, "opentracker-fill-" + i);
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("filling opentracker's swarms failed: " + failure.get(), failure.get());
        }
    }

    /** One announce by a peer outside the workload, answered in full: how many peers it lists, and its size. */
    AnswerSample sample() throws IOException {
        return announce(workload.infoHash(0), Workload.PEER_ID_PREFIX + "sample000000", 9999, workload.numwant());
    }

    private AnswerSample announce(String infoHash, String peerId, int peerPort, int wanted) throws IOException {
        String path = "/announce?info_hash=" + WrkScript.urlEscaped(infoHash) + "&peer_id=" + peerId + "&port="
                + peerPort + "&uploaded=0&downloaded=0&left=" + Workload.LEFT + "&numwant=" + wanted;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return AnswerSample.ofHttp(in.readAllBytes());
        }
    }

    /** The peers and size of one bencoded HTTP announce answer (compact peers: 6 bytes each). */
    record AnswerSample(int peers, int bytes) {
        static AnswerSample ofHttp(byte[] answer) {
            String text = new String(answer, StandardCharsets.ISO_8859_1);
            int body = text.indexOf("\r\n\r\n");
            if (!text.startsWith("HTTP/1.") || body < 0) {
                throw new IllegalStateException("not an HTTP answer: " + text);
            }
            byte[] bencoded = java.util.Arrays.copyOfRange(answer, body + 4, answer.length);
            BValue value = Bencode.decode(bencoded);
            if (!(value instanceof BDict dict) || !(dict.get("peers").orElse(null) instanceof BBytes peers)) {
                throw new IllegalStateException("not an announce answer: " + text.substring(body + 4));
            }
            return new AnswerSample(peers.length() / 6, answer.length);
        }
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
