package dev.qtorrent.bench.registry;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.tls.Fingerprint;
import dev.qtorrent.tracker.swarm.SwarmRegistry;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bench swarm-memory}: the tracker's swarm registry filled through its public API with many peers, for the
 * heap each peer costs and the time an announce takes on a full registry.
 */
@Command(name = "swarm-memory", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Fills the tracker's swarm registry in this JVM with --peers peers spread evenly over --torrents "
                    + "torrents (20-byte peer ids, IPv4 addresses, ports and a certificate of their own), then "
                    + "prints the heap used per peer (after GC, compared with the empty registry) and the time "
                    + "of one announce on the full registry (a regular announce of a known peer asking for 50 "
                    + "peers). Give the JVM room: java -Xmx2g -jar bench/target/bench.jar swarm-memory."})
public final class SwarmMemoryCommand implements Callable<Integer> {
    /** Seeds for the peers' attributes: a peer is made again from its number, so the bench keeps none of them. */
    private static final long SEED = 0x5eed_2026L;
    private static final HexFormat HEX = HexFormat.of();
    /** Announces made up front for the timed part: known peers, picked at random. */
    private static final int POOL = 10_000;

    @Spec
    private CommandSpec spec;

    @Option(names = "--peers", paramLabel = "N", defaultValue = "1000000",
            description = "Peers in the registry (default: ${DEFAULT-VALUE}).")
    private int peers;

    @Option(names = "--torrents", paramLabel = "N", defaultValue = "10000",
            description = "Torrents the peers are spread over (default: ${DEFAULT-VALUE}).")
    private int torrents;

    @Option(names = "--announces", paramLabel = "N", defaultValue = "200000",
            description = "Timed announces on the full registry, after as many untimed ones (default: "
                    + "${DEFAULT-VALUE}).")
    private int announces;

    @Override
    public Integer call() throws Exception {
        if (peers < 1 || torrents < 1 || announces < 1 || torrents > peers) {
            throw new ParameterException(spec.commandLine(),
                    "--peers, --torrents and --announces must be positive, and --torrents at most --peers");
        }
        PrintWriter out = spec.commandLine().getOut();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        out.printf("swarm registry: %,d peers over %,d torrents, java %s, max heap %,d MiB%n", peers, torrents,
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
        String[] hashes = infoHashes();
        AnnounceResponse.Peer self = new AnnounceResponse.Peer("qtorrent-tracker", "192.0.2.1", 7001,
                "ab".repeat(32));
        long empty = usedAfterGc(memory);
        // Hours between announces, so that no peer expires while the bench runs.
        SwarmRegistry registry = new SwarmRegistry(Clock.systemUTC(), Duration.ofHours(6), self);
        long fillStart = System.nanoTime();
        for (int i = 0; i < peers; i++) {
            announce(hashes, i, AnnounceRequest.Event.STARTED, 0).sendTo(registry);
        }
        double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
        long full = usedAfterGc(memory);
        out.printf("filled in %.1f s; heap after GC: %,d bytes empty, %,d bytes full%n", fillSeconds, empty, full);
        out.printf("heap per peer: %.0f bytes%n", (full - empty) / (double) peers);
        out.printf("registry totals: %s%n", registry.totals());

        // The announces are made up front, so that the timing is the registry's alone.
        SplittableRandom pick = new SplittableRandom(SEED + 1);
        Announce[] pool = new Announce[POOL];
        for (int i = 0; i < POOL; i++) {
            pool[i] = announce(hashes, pick.nextInt(peers), null, 50);
        }
        for (int i = 0; i < announces; i++) {
            pool[i % POOL].sendTo(registry);
        }
        long sink = 0;
        long start = System.nanoTime();
        for (int i = 0; i < announces; i++) {
            sink += pool[i % POOL].sendTo(registry);
        }
        double nanos = (System.nanoTime() - start) / (double) announces;
        out.printf("announce on the full registry: %.0f ns (numwant 50, %,d announces after as many untimed, one "
                + "thread; %,d peers listed in all)%n", nanos, announces, sink);
        // Keeps the registry reachable until the end, whatever the JIT makes of the loops.
        out.printf("registry totals after the announces: %s%n", registry.totals());
        return 0;
    }

    /**
     * One announce of peer {@code n}, made from its number as the tracker would receive it: the request, the
     * address it came from and its certificate's fingerprint.
     */
    private static Announce announce(String[] hashes, int n, AnnounceRequest.Event event, int numwant)
            throws UnknownHostException {
        SplittableRandom random = new SplittableRandom(SEED ^ (n * 0x9E3779B97F4A7C15L));
        String peerId = "-QT0100-" + alphanumeric(random, 12);
        byte[] ip = new byte[4];
        int address = 0x0a000000 | random.nextInt(1 << 24);
        for (int i = 0; i < 4; i++) {
            ip[i] = (byte) (address >>> (24 - 8 * i));
        }
        int port = 1024 + random.nextInt(65535 - 1024);
        byte[] certificate = new byte[32];
        random.nextBytes(certificate);
        long left = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(1 << 30);
        return new Announce(new AnnounceRequest(hashes[n % hashes.length], peerId, port, 0, 0, left, event,
                numwant), new InetSocketAddress(InetAddress.getByAddress(ip), 40000),
                new Fingerprint(HEX.formatHex(certificate)));
    }

    /** An announce as the tracker's handler passes it on. */
    private record Announce(AnnounceRequest request, InetSocketAddress from, Fingerprint certificate) {
        /** Returns how many peers the answer listed. */
        int sendTo(SwarmRegistry registry) {
            return registry.announceNow(request, true, from, certificate).peers().size();
        }
    }

    private String[] infoHashes() {
        SplittableRandom random = new SplittableRandom(SEED);
        String[] hashes = new String[torrents];
        byte[] hash = new byte[20];
        for (int i = 0; i < torrents; i++) {
            random.nextBytes(hash);
            hashes[i] = HEX.formatHex(hash);
        }
        return hashes;
    }

    private static String alphanumeric(SplittableRandom random, int length) {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return new String(chars);
    }

    /** The heap in use once garbage collection has nothing more to take (a few full collections, a short rest). */
    private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
