package dev.qtorrent.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ErrorResponse;
import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.PieceResponse;
import dev.qtorrent.common.message.Response;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.peer.serve.NodeServer;
import dev.qtorrent.tracker.TestTracker;
import dev.qtorrent.tracker.seed.SeededTorrent;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicStreamChannel;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every kind of bad request, sent over real QUIC to a real tracker: each one gets exactly one error answer (a JSON
 * line, then FIN) and one log line, and neither the connection it came on nor any other connection is harmed. A
 * tracker logs at most {@code PeerLogLimiter.DEFAULT_LINES_PER_WINDOW} lines a minute per host, and every request here
 * comes from 127.0.0.1, so the class keeps well below that number of refusals per tracker.
 */
@Timeout(30)
class TrackerBadInputTest {
    private static final String ZEROS = "0000000000000000000000000000000000000000";
    private static final int LIMIT = QuicSettings.defaults().maxRequestBytes();
    /** Well under the default 10 s request deadline, so an answer this fast was not waiting for the client's FIN. */
    private static final long ANSWER_WITHIN_SECONDS = 5;
    private static final Duration SHORT_DEADLINE = Duration.ofMillis(500);

    private static final MessageCodec CODEC = new MessageCodec();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path seed;
    @TempDir
    static Path slowSeed;
    private static ConsoleCapture console;
    private static TestTracker tracker;
    private static TestTracker slowTracker;
    private static SeededTorrent greeting;

    @BeforeAll
    static void start() throws Exception {
        // The tracker logs through logback's console appender (logback-test.xml), which writes to System.out.
        console = ConsoleCapture.install();
        tracker = TestTracker.start(seed);
        slowTracker = TestTracker.start(slowSeed, QuicSettings.defaults().withRequestTimeout(SHORT_DEADLINE));
        greeting = tracker.torrent("hello_world.txt");
        assertTrue(console.lines(0).stream().anyMatch(line -> line.contains("NodeServer")
                        && line.contains("listening on")),
                "log lines are counted from the console; logback-test.xml must log INFO to the console");
    }

    @AfterAll
    static void stop() {
        if (tracker != null) {
            tracker.close();
        }
        if (slowTracker != null) {
            slowTracker.close();
        }
        console.uninstall();
    }

    static Stream<Arguments> badRequests() {
        String hash = greeting.infoHash().hex();
        int count = greeting.layout().pieceCount();
        String piece = "{\"type\":\"piece\",\"info_hash\":\"" + hash + "\",\"index\":";
        String announceFields = "\"peer_id\":\"bad-input\",\"port\":6881,\"uploaded\":0,\"downloaded\":0,\"left\":12,"
                + "\"event\":\"started\"}";
        byte[] garbage = new byte[512];
        new Random(7).nextBytes(garbage);
        return Stream.of(
                row("truncated JSON", text("{\"type\":"), ErrorCode.MALFORMED_JSON),
                row("unquoted key", text("{type:\"piece\"}"), ErrorCode.MALFORMED_JSON),
                row("null instead of an object", text("null"), ErrorCode.MALFORMED_JSON),
                row("duplicate key", text(piece + "0,\"index\":0}"), ErrorCode.MALFORMED_JSON),
                row("invalid UTF-8", new byte[] {'{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xC3, '(', '"',
                        '}'}, ErrorCode.MALFORMED_JSON),
                row("random garbage", garbage, ErrorCode.MALFORMED_JSON),
                row("empty request", new byte[0], ErrorCode.MALFORMED_JSON),
                row("only white space", text(" \r\n\t "), ErrorCode.MALFORMED_JSON),
                row("unknown type", text("{\"type\":\"teleport\"}"), ErrorCode.UNKNOWN_TYPE),
                row("missing type", text("{\"info_hash\":\"" + hash + "\",\"index\":0}"), ErrorCode.UNKNOWN_TYPE),
                row("a number instead of an object", text("42"), ErrorCode.UNKNOWN_TYPE),
                row("a string instead of an object", text("\"piece\""), ErrorCode.UNKNOWN_TYPE),
                row("an empty array instead of an object", text("[]"), ErrorCode.INVALID_REQUEST),
                // docs/PROTOCOL.md section 5.1: anything after the JSON value makes the request malformed.
                row("a second object after the request", text(piece + "0}{}"), ErrorCode.MALFORMED_JSON),
                row("a word after the request", text(piece + "0} x"), ErrorCode.MALFORMED_JSON),
                row("type is a number", text(piece.replace("\"piece\"", "7") + "0}"), ErrorCode.UNKNOWN_TYPE),
                row("index is a word", text(piece + "\"x\"}"), ErrorCode.INVALID_REQUEST),
                row("index is a numeric string", text(piece + "\"0\"}"), ErrorCode.INVALID_REQUEST),
                row("negative index", text(piece + "-1}"), ErrorCode.INVALID_REQUEST),
                row("index beyond 32 bits", text(piece + "99999999999}"), ErrorCode.INVALID_REQUEST),
                row("float index", text(piece + "0.5}"), ErrorCode.INVALID_REQUEST),
                row("index missing", text("{\"type\":\"piece\",\"info_hash\":\"" + hash + "\"}"),
                        ErrorCode.INVALID_REQUEST),
                row("info_hash of 38 characters", text("{\"type\":\"piece\",\"info_hash\":\"" + hash.substring(2)
                        + "\",\"index\":0}"), ErrorCode.INVALID_REQUEST),
                row("info_hash of 42 characters", text("{\"type\":\"piece\",\"info_hash\":\"" + hash
                        + "00\",\"index\":0}"), ErrorCode.INVALID_REQUEST),
                row("upper-case info_hash", text("{\"type\":\"piece\",\"info_hash\":"
                        + "\"0123456789ABCDEF0123456789ABCDEF01234567\",\"index\":0}"), ErrorCode.INVALID_REQUEST),
                row("announce without peer_id", text("{\"type\":\"announce\",\"info_hash\":\"" + hash
                        + "\",\"port\":6881,\"uploaded\":0,\"downloaded\":0,\"left\":12,\"event\":\"started\"}"),
                        ErrorCode.INVALID_REQUEST),
                row("announce for an unknown info_hash", text("{\"type\":\"announce\",\"info_hash\":\"" + ZEROS
                        + "\"," + announceFields), ErrorCode.UNKNOWN_INFO_HASH),
                row("piece of an unknown info_hash", text("{\"type\":\"piece\",\"info_hash\":\"" + ZEROS
                        + "\",\"index\":0}"), ErrorCode.UNKNOWN_INFO_HASH),
                row("metainfo of an unknown info_hash", text("{\"type\":\"metainfo\",\"info_hash\":\"" + ZEROS
                        + "\"}"), ErrorCode.UNKNOWN_INFO_HASH),
                row("piece index equal to the piece count", text(piece + count + "}"), ErrorCode.PIECE_OUT_OF_RANGE),
                row("piece index Integer.MAX_VALUE", text(piece + Integer.MAX_VALUE + "}"),
                        ErrorCode.PIECE_OUT_OF_RANGE),
                row("valid request padded one byte over the limit", padded(text(piece + "0}"), LIMIT + 1),
                        ErrorCode.REQUEST_TOO_LARGE),
                row("huge JSON string", text("{\"type\":\"piece\",\"note\":\"" + "a".repeat(70 * 1024) + "\"}"),
                        ErrorCode.REQUEST_TOO_LARGE),
                // No FIN: only a tracker that counts bytes as they arrive can answer before its deadline.
                Arguments.of("70 KiB of spaces without FIN", padded(new byte[0], 70 * 1024), false,
                        ErrorCode.REQUEST_TOO_LARGE));
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("badRequests")
    void refusesWithOneErrorAndKeepsServing(String name, byte[] request, boolean fin, ErrorCode expected)
            throws Exception {
        assertRefusedAndStillServing(tracker, request, fin, expected);
    }

    @Test
    void requestThatNeverEndsIsAnsweredAtTheDeadline() throws Exception {
        long started = System.nanoTime();

        assertRefusedAndStillServing(slowTracker, text("{\"type\":\"announce\""), false, ErrorCode.REQUEST_TIMEOUT);

        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(elapsedMillis >= SHORT_DEADLINE.toMillis() - 50, "answered after " + elapsedMillis + " ms");
    }

    @Test
    void requestOfExactlyTheLimitIsServed() throws Exception {
        String hash = greeting.infoHash().hex();
        byte[] request = padded(text("{\"type\":\"piece\",\"info_hash\":\"" + hash + "\",\"index\":0}"), LIMIT);

        try (NodeConnection connection = tracker.connect()) {
            byte[] answer = connection.exchangeRaw(request, true, 1 << 16).get(ANSWER_WITHIN_SECONDS, TimeUnit.SECONDS);

            int newline = Answers.headerEnd(answer);
            assertEquals(new PieceResponse(hash, 0, 12), CODEC.decodeResponseHeader(Arrays.copyOf(answer, newline)));
            assertEquals("Hello World!", new String(answer, newline + 1, answer.length - newline - 1,
                    StandardCharsets.US_ASCII));
        }
    }

    /** A client may give up on a request half-way (RESET_STREAM); its other streams and other clients go on. */
    @Test
    void abandonedRequestDoesNotHarmTheConnectionOrOthers() throws Exception {
        try (NodeConnection connection = tracker.connect()) {
            abandonRequest(connection);

            assertAnnounceAnswered(tracker, connection);
        }
        try (NodeConnection other = tracker.connect()) {
            assertAnnounceAnswered(tracker, other);
        }
    }

    /** Giving up on a request is the client's right, not a tracker failure worth an ERROR and a stack trace. */
    @Test
    void abandonedRequestIsNotLoggedAsATrackerFailure() throws Exception {
        int mark = console.size();
        try (NodeConnection connection = tracker.connect()) {
            abandonRequest(connection);
            assertAnnounceAnswered(tracker, connection);
        }
        try (NodeConnection other = tracker.connect()) {
            assertAnnounceAnswered(tracker, other);
        }

        List<String> logged = console.lines(mark).stream().filter(line -> line.contains("ErrorResponder")).toList();
        assertTrue(logged.size() <= 1, "log lines: " + logged);
        assertTrue(logged.stream().noneMatch(line -> line.contains("ERROR")), "log lines: " + logged);
    }

    /** Sends the start of a request, then resets the stream instead of finishing it. */
    private static void abandonRequest(NodeConnection connection) throws Exception {
        QuicStreamChannel stream = connection.send(text("{\"type\":\"piece\""), false,
                new ChannelInboundHandlerAdapter()).get(ANSWER_WITHIN_SECONDS, TimeUnit.SECONDS);
        stream.shutdownOutput(7).get(ANSWER_WITHIN_SECONDS, TimeUnit.SECONDS);
    }

    /** docs/PROTOCOL.md section 6: a top-level array is an invalid request, whatever it holds. */
    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "[\"piece\",{\"info_hash\":\"HASH\",\"index\":0}]"})
    void topLevelArrayIsAnInvalidRequest(String request) throws Exception {
        byte[] bytes = text(request.replace("HASH", greeting.infoHash().hex()));

        assertRefusedAndStillServing(tracker, bytes, true, ErrorCode.INVALID_REQUEST);
    }

    private static void assertRefusedAndStillServing(TestTracker target, byte[] request, boolean fin,
                                                     ErrorCode expected) throws Exception {
        int mark = console.size();
        try (NodeConnection connection = target.connect()) {
            // exchangeRaw completes only on the tracker's FIN; a reset or a closed stream fails it instead.
            byte[] answer = connection.exchangeRaw(request, fin, 1 << 16)
                    .get(ANSWER_WITHIN_SECONDS, TimeUnit.SECONDS);

            assertErrorLine(answer, expected);
            assertAnnounceAnswered(target, connection);
        }
        try (NodeConnection other = target.connect()) {
            assertAnnounceAnswered(target, other);
        }
        List<String> logged = console.lines(mark).stream().filter(line -> line.contains("ErrorResponder")).toList();
        assertEquals(1, logged.size(), "log lines for one refused request: " + logged);
        assertTrue(logged.get(0).contains("WARN") && logged.get(0).contains(expected.wireName()), logged.get(0));
    }

    /** One compact JSON object, one newline at the very end, and nothing else before the FIN. */
    private static void assertErrorLine(byte[] answer, ErrorCode expected) throws Exception {
        String text = new String(answer, StandardCharsets.UTF_8);
        assertTrue(answer.length > 1 && answer[answer.length - 1] == MessageCodec.HEADER_END, text);
        assertEquals(answer.length - 1, Answers.headerEnd(answer), "one line: " + text);
        JsonNode json = JSON.readTree(Arrays.copyOf(answer, answer.length - 1));
        assertTrue(json.isObject(), text);
        assertEquals("error", json.path("type").asText(), text);
        assertEquals(expected.wireName(), json.path("code").asText(), text);
        assertTrue(json.path("error").isTextual() && !json.path("error").asText().isBlank(), text);
        ErrorResponse decoded = assertInstanceOf(ErrorResponse.class,
                CODEC.decodeResponseHeader(Arrays.copyOf(answer, answer.length - 1)));
        assertEquals(expected, decoded.errorCode());
    }

    private static void assertAnnounceAnswered(TestTracker target, NodeConnection connection) throws Exception {
        SeededTorrent torrent = target.torrent("hello_world.txt");
        Response response = connection.exchange(new AnnounceRequest(torrent.infoHash().hex(), "well-behaved", 6881,
                0, 0, 12, AnnounceRequest.Event.STARTED)).get(ANSWER_WITHIN_SECONDS, TimeUnit.SECONDS);
        AnnounceResponse announce = assertInstanceOf(AnnounceResponse.class, response);
        assertFalse(announce.peers().isEmpty());
    }

    private static Arguments row(String name, byte[] request, ErrorCode expected) {
        return Arguments.of(name, request, true, expected);
    }

    private static byte[] text(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code json} followed by spaces up to {@code size} bytes: still the same JSON document. */
    private static byte[] padded(byte[] json, int size) {
        byte[] bytes = Arrays.copyOf(json, size);
        Arrays.fill(bytes, json.length, size, (byte) ' ');
        return bytes;
    }


    /** Copies everything written to System.out, where the console appender writes, while passing it on. */
    private static final class ConsoleCapture extends OutputStream {
        private final PrintStream original;
        private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

        private ConsoleCapture(PrintStream original) {
            this.original = original;
        }

        static ConsoleCapture install() {
            ConsoleCapture capture = new ConsoleCapture(System.out);
            System.setOut(new PrintStream(capture, true, StandardCharsets.UTF_8));
            return capture;
        }

        void uninstall() {
            System.setOut(original);
        }

        @Override
        public synchronized void write(int b) {
            original.write(b);
            copy.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            original.write(b, off, len);
            copy.write(b, off, len);
        }

        @Override
        public void flush() {
            original.flush();
        }

        /** Number of complete lines so far. */
        synchronized int size() {
            return lines(0).size();
        }

        /** Complete lines from line {@code from} on. */
        synchronized List<String> lines(int from) {
            String all = copy.toString(StandardCharsets.UTF_8);
            List<String> lines = all.lines().toList();
            if (!all.isEmpty() && !all.endsWith("\n")) {
                lines = lines.subList(0, lines.size() - 1);
            }
            return lines.subList(Math.min(from, lines.size()), lines.size());
        }
    }
}
