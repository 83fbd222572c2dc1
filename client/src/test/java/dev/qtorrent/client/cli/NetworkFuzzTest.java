package dev.qtorrent.client.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ErrorResponse;
import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.PieceResponse;
import dev.qtorrent.common.message.ProtocolException;
import dev.qtorrent.common.message.Response;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.tracker.TestTracker;
import dev.qtorrent.tracker.seed.SeededTorrent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ResourceLeakDetector;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Throws 10,000 random and mutated requests at a live tracker over a few QUIC connections: random and broken JSON,
 * wrong types, numbers out of range, invalid UTF-8, random bytes, requests over the size limit, requests that never
 * finish and streams reset half-way. Every finished request must get exactly one well-formed answer (never
 * {@code internal_error}), valid requests among them must be served correctly, and afterwards the real command line
 * must still download a file intact while the tracker's memory is back near where it started.
 *
 * <p>Seeded, so a failure replays; bounded in count, in streams in flight and in time.
 */
@Timeout(120)
class NetworkFuzzTest {
    private static final long SEED = 20_261_125L;
    private static final int REQUESTS = 10_000;
    private static final int CONNECTIONS = 4;
    private static final int IN_FLIGHT = 96;
    /** Short, so requests without FIN are answered within the test; the default is 10 s. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    private static final long ANSWER_SECONDS = 20;
    private static final long SEND_PHASE_SECONDS = 60;
    private static final int LIMIT = QuicSettings.defaults().maxRequestBytes();
    /**
     * Heap growth allowed between the baseline and the end: anything the tracker kept per request, even the 256-byte
     * buffer it starts each request with, would exceed it over 10,000 requests.
     */
    private static final long HEAP_BOUND = 2L << 20;
    /**
     * Direct-memory growth allowed, in Netty's allocator and in the JDK's count. The adaptive allocator grows its
     * cache a chunk at a time and keeps chunks it no longer needs: on a loaded machine one more 3.1 MiB step after
     * the warm-up was seen, while with the unpooled allocator live direct memory came back to exactly the baseline
     * after 60,000 requests. Leaked buffers are caught one by one by the leak detector, paranoid for the flood, so
     * this bound only has to catch memory held outside buffers.
     */
    private static final long DIRECT_BOUND = 8L << 20;

    private final MessageCodec codec = new MessageCodec();
    private final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
    private final Map<Kind, AtomicInteger> sent = new EnumMap<>(Kind.class);
    private final List<String> failures = new ArrayList<>();

    /** What a request was made to be, and what the tracker must answer to it ({@code null}: any non-internal answer). */
    private enum Kind {
        VALID_ANNOUNCE("announce"),
        VALID_PIECE("piece"),
        RANDOM_JSON(null),
        MUTATED(null),
        TRUNCATED("malformed_json"),
        WRONG_TYPES(null),
        HUGE_NUMBER("invalid_request"),
        INVALID_UTF8("malformed_json"),
        RANDOM_BYTES(null),
        EMPTY("malformed_json"),
        DEEP_NESTING(null),
        OVER_LIMIT("request_too_large"),
        NO_FIN("request_timeout"),
        RESET(null),
        CLOSED(null);

        final String expected;

        Kind(String expected) {
            this.expected = expected;
        }
    }

    @TempDir
    Path dir;

    @Test
    void trackerSurvivesTenThousandBadRequests() throws Exception {
        Path seed = Files.createDirectories(dir.resolve("seed"));
        byte[] content = new byte[5 * 16_384 + 123];
        new Random(SEED).nextBytes(content);
        Files.write(seed.resolve("fuzz.bin"), content);
        ResourceLeakDetector.Level leakLevel = ResourceLeakDetector.getLevel();
        ListAppender<ILoggingEvent> leaks = new ListAppender<>();
        Logger leakLogger = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
        try (TestTracker tracker = TestTracker.start(seed,
                QuicSettings.defaults().withRequestTimeout(REQUEST_TIMEOUT))) {
            SeededTorrent torrent = tracker.torrent("fuzz.bin");
            RequestMaker maker = new RequestMaker(new Random(SEED), torrent.infoHash().hex(),
                    torrent.layout().pieceCount());

            // A flood of the same size first, so the baseline has the JIT warm and the allocator's chunk caches
            // filled: Netty's adaptive allocator keeps chunks it no longer needs, which is not a leak.
            download(tracker, torrent, content, "warm-up");
            flood(tracker, maker, REQUESTS, content, torrent);
            answers.clear();
            sent.clear();
            Memory before = Memory.measure();

            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
            leaks.start();
            leakLogger.addAppender(leaks);
            long started = System.nanoTime();
            flood(tracker, maker, REQUESTS, content, torrent);
            long floodMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            ResourceLeakDetector.setLevel(leakLevel);

            download(tracker, torrent, content, "after");
            Memory after = Memory.measure();
            triggerLeakReports();

            report(floodMillis, before, after);
            assertEquals(List.of(), failures, "answers that broke the rules");
            assertEquals(List.of(), leaks.list.stream().map(ILoggingEvent::getFormattedMessage).toList(),
                    "Netty buffer leaks");
            assertEquals(0, answers.getOrDefault("internal_error", new AtomicInteger()).get());
            assertTrue(after.heap() - before.heap() < HEAP_BOUND, "heap grew: " + before + " -> " + after);
            assertTrue(after.nettyDirect() - before.nettyDirect() < DIRECT_BOUND,
                    "Netty direct memory grew: " + before + " -> " + after);
            assertTrue(after.jdkDirect() - before.jdkDirect() < DIRECT_BOUND,
                    "JDK direct memory grew: " + before + " -> " + after);
        } finally {
            ResourceLeakDetector.setLevel(leakLevel);
            leakLogger.detachAppender(leaks);
            leaks.stop();
        }
    }

    /** Sends {@code count} requests round-robin over a few connections, at most {@link #IN_FLIGHT} at once. */
    private void flood(TestTracker tracker, RequestMaker maker, int count, byte[] content, SeededTorrent torrent)
            throws Exception {
        List<NodeConnection> connections = new ArrayList<>();
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                connections.add(tracker.connect());
            }
            Semaphore inFlight = new Semaphore(IN_FLIGHT);
            List<CompletableFuture<Void>> pending = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SEND_PHASE_SECONDS);
            for (int i = 0; i < count; i++) {
                if (!inFlight.tryAcquire(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    fail("only " + i + " of " + count + " requests sent within " + SEND_PHASE_SECONDS + " s");
                }
                Fuzzed request = maker.next();
                sent.computeIfAbsent(request.kind(), k -> new AtomicInteger()).incrementAndGet();
                CompletableFuture<Void> done = send(connections.get(i % CONNECTIONS), request, content, torrent)
                        .orTimeout(ANSWER_SECONDS, TimeUnit.SECONDS)
                        .handle((ok, error) -> {
                            if (error != null) {
                                failure(request, "no answer: " + error);
                            }
                            inFlight.release();
                            return null;
                        });
                pending.add(done);
            }
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(ANSWER_SECONDS * 2,
                    TimeUnit.SECONDS);
            for (NodeConnection connection : connections) {
                assertTrue(connection.isActive(), "the tracker closed a connection");
            }
        } finally {
            connections.forEach(NodeConnection::close);
        }
    }

    private CompletableFuture<Void> send(NodeConnection connection, Fuzzed request, byte[] content,
                                         SeededTorrent torrent) {
        if (request.kind() == Kind.RESET || request.kind() == Kind.CLOSED) {
            return abandon(connection, request);
        }
        boolean fin = request.kind() != Kind.NO_FIN;
        return connection.exchangeRaw(request.bytes(), fin, 1 << 20)
                .thenAccept(answer -> check(request, answer, content, torrent));
    }

    /** Writes part of a request without FIN, then resets the stream or closes it. */
    private CompletableFuture<Void> abandon(NodeConnection connection, Fuzzed request) {
        Discard discard = new Discard();
        return connection.openStream(discard).thenCompose(stream -> {
            ByteBuf part = stream.alloc().directBuffer(request.bytes().length).writeBytes(request.bytes());
            stream.writeAndFlush(part).addListener(written -> {
                if (request.kind() == Kind.RESET) {
                    stream.shutdownOutput(7);
                } else {
                    stream.close();
                }
            });
            // Whatever the tracker does with its side, this stream is given up after a while, so credit returns.
            stream.eventLoop().schedule(() -> stream.close(), 3, TimeUnit.SECONDS);
            count("abandoned");
            return discard.closed;
        });
    }

    private void check(Fuzzed request, byte[] answer, byte[] content, SeededTorrent torrent) {
        int newline = indexOf(answer, MessageCodec.HEADER_END);
        if (newline < 0) {
            failure(request, "answer without a header line: " + preview(answer));
            return;
        }
        Response header;
        try {
            header = codec.decodeResponseHeader(Arrays.copyOf(answer, newline));
        } catch (ProtocolException e) {
            failure(request, "unreadable header: " + e.getMessage());
            return;
        }
        String label;
        if (header instanceof ErrorResponse error) {
            label = error.code();
            if (newline != answer.length - 1) {
                failure(request, "bytes after an error header");
            }
        } else if (header instanceof PieceResponse piece) {
            label = "piece";
            long offset = (long) piece.index() * torrent.layout().pieceLength();
            byte[] expected = Arrays.copyOfRange(content, (int) offset, (int) (offset + piece.length()));
            if (!Arrays.equals(expected, Arrays.copyOfRange(answer, newline + 1, answer.length))) {
                failure(request, "piece " + piece.index() + " has the wrong bytes");
            }
        } else if (header instanceof AnnounceResponse) {
            label = "announce";
        } else {
            label = header.getClass().getSimpleName();
        }
        count(label);
        if (request.kind().expected != null && !request.kind().expected.equals(label)) {
            failure(request, "answered " + label + ", expected " + request.kind().expected);
        }
    }

    private void count(String label) {
        answers.computeIfAbsent(label, k -> new AtomicInteger()).incrementAndGet();
    }

    private void failure(Fuzzed request, String what) {
        synchronized (failures) {
            if (failures.size() < 20) {
                failures.add(request.kind() + " " + preview(request.bytes()) + ": " + what);
            }
        }
    }

    private void download(TestTracker tracker, SeededTorrent torrent, byte[] content, String name) throws Exception {
        Path output = dir.resolve(name + "/fuzz.bin");
        CliHarness cli = new CliHarness();

        int code = cli.run("download", torrent.torrentFile(), output, "127.0.0.1", tracker.address().getPort());

        assertEquals(0, code, cli.err());
        assertArrayEquals(content, Files.readAllBytes(output), "downloaded bytes");
    }

    private void report(long floodMillis, Memory before, Memory after) {
        int total = sent.values().stream().mapToInt(AtomicInteger::get).sum();
        System.out.printf("network fuzz: %d requests in %.1f s over %d connections (seed %d)%n", total,
                floodMillis / 1000.0, CONNECTIONS, SEED);
        System.out.println("  sent by kind:     " + new TreeMap<>(sent));
        System.out.println("  answers by code:  " + new TreeMap<>(answers));
        System.out.println("  memory before:    " + before);
        System.out.println("  memory after:     " + after);
        System.out.printf("  growth:           heap %+d B (bound %d), netty direct %+d B, jdk direct %+d B (bound %d)%n",
                after.heap() - before.heap(), HEAP_BOUND, after.nettyDirect() - before.nettyDirect(),
                after.jdkDirect() - before.jdkDirect(), DIRECT_BOUND);
    }

    /** Leaks are reported when a leaked buffer has been collected and the detector next tracks an allocation. */
    private static void triggerLeakReports() throws InterruptedException {
        ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        try {
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(50);
                for (int j = 0; j < 16; j++) {
                    ByteBufAllocator.DEFAULT.directBuffer(64).release();
                    ByteBufAllocator.DEFAULT.heapBuffer(64).release();
                }
            }
        } finally {
            ResourceLeakDetector.setLevel(level);
        }
    }

    private static int indexOf(byte[] bytes, byte value) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static String preview(byte[] bytes) {
        String text = new String(bytes, 0, Math.min(bytes.length, 80), StandardCharsets.ISO_8859_1)
                .replaceAll("[^\\x20-\\x7e]", "?");
        return bytes.length > 80 ? text + "...(" + bytes.length + " bytes)" : text;
    }

    /** Heap in use, Netty's allocator's direct memory and the JDK's direct buffers, each after full collections. */
    private record Memory(long heap, long nettyDirect, long jdkDirect) {
        static Memory measure() throws InterruptedException {
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(100);
            }
            Runtime runtime = Runtime.getRuntime();
            // A figure that cannot be read fails the test: a missing one would make every bound pass unmeasured.
            if (!(ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider provider)) {
                throw new AssertionError("Netty's allocator " + ByteBufAllocator.DEFAULT + " reports no metrics");
            }
            long netty = provider.metric().usedDirectMemory();
            List<BufferPoolMXBean> direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                    .filter(pool -> pool.getName().equals("direct")).toList();
            if (direct.size() != 1 || netty < 0 || direct.get(0).getMemoryUsed() < 0) {
                throw new AssertionError("cannot read direct memory: netty " + netty + ", JDK pools " + direct);
            }
            long jdk = direct.get(0).getMemoryUsed();
            return new Memory(runtime.totalMemory() - runtime.freeMemory(), netty, jdk);
        }

        @Override
        public String toString() {
            return String.format("heap %.1f MiB, netty direct %.1f MiB, jdk direct %.1f MiB", heap / 1048576.0,
                    nettyDirect / 1048576.0, jdkDirect / 1048576.0);
        }
    }

    private record Fuzzed(Kind kind, byte[] bytes) {
    }

    /** Reads and drops whatever the tracker sends on an abandoned stream, and closes it once the tracker is done. */
    private static final class Discard extends ChannelInboundHandlerAdapter {
        final CompletableFuture<Void> closed = new CompletableFuture<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == ChannelInputShutdownReadComplete.INSTANCE) {
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closed.complete(null);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Makes the requests, from one seeded {@link Random}. */
    private static final class RequestMaker {
        /** Out of range for every numeric field (all are non-negative and at most 64 bits). */
        private static final String[] HUGE = {"1e309", "-1e309", "99999999999999999999", "-1",
            "9223372036854775808", "-9223372036854775809", "18446744073709551616", "1" + "0".repeat(400)};
        /** Out of range for the 32-bit fields only: Integer.MAX_VALUE + 1. */
        private static final String INT_HUGE = "2147483648";
        /** Broken UTF-8: a bad continuation, 0xFF, an overlong '/', a UTF-16 surrogate, a 5-byte form, a cut-off. */
        private static final String[] BAD_UTF8 = {"\\xc3(", "\\xff", "\\xc0\\xaf", "\\xed\\xa0\\x80",
            "\\xf8\\x88\\x80\\x80\\x80", "\\xe2\\x82"};
        private static final String SYNTAX = "{}[]\":,0-e\\\u0000";

        private final Random random;
        private final String hash;
        private final int pieces;

        RequestMaker(Random random, String hash, int pieces) {
            this.random = random;
            this.hash = hash;
            this.pieces = pieces;
        }

        Fuzzed next() {
            int roll = random.nextInt(1000);
            if (roll < 60) {
                return new Fuzzed(Kind.VALID_ANNOUNCE, text(announce(random.nextInt(8))));
            } else if (roll < 120) {
                return new Fuzzed(Kind.VALID_PIECE, text(piece(Integer.toString(random.nextInt(pieces)))));
            } else if (roll < 240) {
                return new Fuzzed(Kind.RANDOM_JSON, text(randomJson(4)));
            } else if (roll < 420) {
                return new Fuzzed(Kind.MUTATED, mutate(text(validRequest())));
            } else if (roll < 500) {
                byte[] valid = text(validRequest());
                return new Fuzzed(Kind.TRUNCATED, Arrays.copyOf(valid, random.nextInt(valid.length)));
            } else if (roll < 580) {
                return new Fuzzed(Kind.WRONG_TYPES, text(wrongTypes()));
            } else if (roll < 660) {
                return new Fuzzed(Kind.HUGE_NUMBER, text(hugeNumber()));
            } else if (roll < 720) {
                return new Fuzzed(Kind.INVALID_UTF8, invalidUtf8());
            } else if (roll < 790) {
                byte[] bytes = new byte[1 + random.nextInt(600)];
                random.nextBytes(bytes);
                return new Fuzzed(Kind.RANDOM_BYTES, bytes);
            } else if (roll < 800) {
                byte[] blank = new byte[random.nextInt(3)];
                Arrays.fill(blank, (byte) ' ');
                return new Fuzzed(Kind.EMPTY, blank);
            } else if (roll < 820) {
                int depth = 500 + random.nextInt(3000);
                return new Fuzzed(Kind.DEEP_NESTING,
                        text("{\"type\":\"piece\",\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}"));
            } else if (roll < 850) {
                byte[] big = new byte[LIMIT + 1 + random.nextInt(4096)];
                Arrays.fill(big, (byte) ' ');
                byte[] valid = text(piece("0"));
                System.arraycopy(valid, 0, big, 0, valid.length);
                return new Fuzzed(Kind.OVER_LIMIT, big);
            } else if (roll < 860) {
                byte[] valid = text(validRequest());
                // At least one byte: a stream that carries nothing never reaches the tracker.
                return new Fuzzed(Kind.NO_FIN, Arrays.copyOf(valid, 1 + random.nextInt(valid.length)));
            } else if (roll < 930) {
                byte[] valid = text(validRequest());
                return new Fuzzed(Kind.RESET, Arrays.copyOf(valid, 1 + random.nextInt(valid.length - 1)));
            } else {
                byte[] valid = text(validRequest());
                return new Fuzzed(Kind.CLOSED, Arrays.copyOf(valid, 1 + random.nextInt(valid.length - 1)));
            }
        }

        private String validRequest() {
            return random.nextBoolean() ? announce(random.nextInt(8)) : piece(Integer.toString(random.nextInt(pieces)));
        }

        private String announce(int peer) {
            return announce("\"" + hash + "\"", "\"fuzz-peer-" + peer + "\"", "6881", "0", "0", "12",
                    random.nextBoolean() ? ",\"event\":\"started\"" : "");
        }

        private static String announce(String infoHash, String peerId, String port, String uploaded,
                                       String downloaded, String left, String event) {
            return "{\"type\":\"announce\",\"info_hash\":" + infoHash + ",\"peer_id\":" + peerId + ",\"port\":" + port
                    + ",\"uploaded\":" + uploaded + ",\"downloaded\":" + downloaded + ",\"left\":" + left + event
                    + "}";
        }

        private String piece(String index) {
            return "{\"type\":\"piece\",\"info_hash\":\"" + hash + "\",\"index\":" + index + "}";
        }

        private String hugeNumber() {
            String huge = HUGE[random.nextInt(HUGE.length)];
            String intHuge = random.nextInt(HUGE.length + 1) == 0 ? INT_HUGE : huge;
            return switch (random.nextInt(5)) {
                case 0 -> piece(intHuge);
                case 1 -> announce("\"" + hash + "\"", "\"p\"", intHuge, "0", "0", "1", "");
                case 2 -> announce("\"" + hash + "\"", "\"p\"", "1", huge, "0", "1", "");
                case 3 -> announce("\"" + hash + "\"", "\"p\"", "1", "0", huge, "1", "");
                default -> announce("\"" + hash + "\"", "\"p\"", "1", "0", "0", huge, "");
            };
        }

        /** A valid request with one field's value replaced by a value of another JSON type. */
        private String wrongTypes() {
            String[] values = {"\"7\"", "true", "null", "[]", "{}", "[1,2]", "{\"a\":1}", "0.5", "\"\""};
            String value = values[random.nextInt(values.length)];
            return switch (random.nextInt(7)) {
                case 0 -> piece(value);
                case 1 -> "{\"type\":\"piece\",\"info_hash\":" + value + ",\"index\":0}";
                case 2 -> announce("\"" + hash + "\"", value, "1", "0", "0", "1", "");
                case 3 -> announce("\"" + hash + "\"", "\"p\"", value, "0", "0", "1", "");
                case 4 -> announce("\"" + hash + "\"", "\"p\"", "1", "0", "0", value, "");
                case 5 -> announce("\"" + hash + "\"", "\"p\"", "1", "0", "0", "1", ",\"event\":" + value);
                default -> "{\"type\":" + value + ",\"info_hash\":\"" + hash + "\",\"index\":0}";
            };
        }

        private byte[] invalidUtf8() {
            String bad = BAD_UTF8[random.nextInt(BAD_UTF8.length)];
            String template = random.nextBoolean() ? announce("\"" + hash + "\"", "\"ab@@cd\"", "1", "0", "0", "1", "")
                    : "{\"type\":\"pi@@ece\",\"info_hash\":\"" + hash + "\",\"index\":0}";
            byte[] escape = unescape(bad);
            byte[] text = text(template);
            int at = indexOf(text, (byte) '@');
            byte[] out = new byte[text.length - 2 + escape.length];
            System.arraycopy(text, 0, out, 0, at);
            System.arraycopy(escape, 0, out, at, escape.length);
            System.arraycopy(text, at + 2, out, at + escape.length, text.length - at - 2);
            return out;
        }

        private static byte[] unescape(String escaped) {
            List<Byte> bytes = new ArrayList<>();
            for (int i = 0; i < escaped.length(); i++) {
                if (escaped.startsWith("\\x", i)) {
                    bytes.add((byte) Integer.parseInt(escaped.substring(i + 2, i + 4), 16));
                    i += 3;
                } else {
                    bytes.add((byte) escaped.charAt(i));
                }
            }
            byte[] out = new byte[bytes.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = bytes.get(i);
            }
            return out;
        }

        private String randomJson(int depth) {
            int pick = depth <= 0 ? random.nextInt(4) : random.nextInt(7);
            return switch (pick) {
                case 0 -> Long.toString(random.nextLong());
                case 1 -> "\"" + randomString() + "\"";
                case 2 -> random.nextBoolean() ? "true" : "null";
                case 3 -> Double.toString(random.nextGaussian() * 1e6);
                case 4 -> {
                    List<String> items = new ArrayList<>();
                    for (int i = random.nextInt(4); i > 0; i--) {
                        items.add(randomJson(depth - 1));
                    }
                    yield "[" + String.join(",", items) + "]";
                }
                default -> {
                    List<String> fields = new ArrayList<>();
                    if (random.nextInt(3) > 0) {
                        fields.add("\"type\":\"" + (random.nextBoolean() ? "piece" : "announce") + "\"");
                    }
                    String[] names = {"info_hash", "index", "peer_id", "port", "left", "event", randomString()};
                    for (int i = random.nextInt(5); i > 0; i--) {
                        fields.add("\"" + names[random.nextInt(names.length)] + "\":" + randomJson(depth - 1));
                    }
                    yield "{" + String.join(",", fields) + "}";
                }
            };
        }

        private String randomString() {
            StringBuilder out = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                int c = random.nextInt(4) == 0 ? 0x80 + random.nextInt(0x2000) : 0x20 + random.nextInt(0x5f);
                if (c == '"' || c == '\\') {
                    out.append('\\');
                }
                out.append((char) c);
            }
            return out.toString();
        }

        /** One to four byte-level mutations: flip a bit, insert, delete, duplicate a span, set an interesting byte. */
        private byte[] mutate(byte[] input) {
            byte[] data = input;
            for (int n = 1 + random.nextInt(4); n > 0; n--) {
                int at = data.length == 0 ? 0 : random.nextInt(data.length);
                switch (random.nextInt(5)) {
                    case 0 -> {
                        if (data.length > 0) {
                            data[at] ^= (byte) (1 << random.nextInt(8));
                        }
                    }
                    case 1 -> data = splice(data, at, 0,
                            new byte[] {(byte) SYNTAX.charAt(random.nextInt(SYNTAX.length()))});
                    case 2 -> data = splice(data, at, Math.min(data.length - at, 1 + random.nextInt(8)), new byte[0]);
                    case 3 -> data = splice(data, at, 0, Arrays.copyOfRange(data, at,
                            Math.min(data.length, at + random.nextInt(16))));
                    default -> {
                        if (data.length > 0) {
                            data[at] = (byte) new int[] {0, 0x7f, 0x80, 0xff, '9', '"'}[random.nextInt(6)];
                        }
                    }
                }
            }
            return data;
        }

        private static byte[] splice(byte[] data, int at, int remove, byte[] insert) {
            byte[] out = new byte[data.length - remove + insert.length];
            System.arraycopy(data, 0, out, 0, at);
            System.arraycopy(insert, 0, out, at, insert.length);
            System.arraycopy(data, at + remove, out, at + insert.length, data.length - at - remove);
            return out;
        }

        private static byte[] text(String json) {
            return json.getBytes(StandardCharsets.UTF_8);
        }
    }
}
