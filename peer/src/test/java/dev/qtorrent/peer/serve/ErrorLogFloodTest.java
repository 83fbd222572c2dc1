package dev.qtorrent.peer.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ErrorResponse;
import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.ProtocolException;
import dev.qtorrent.common.message.Response;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.tls.PinningTrustManager;
import dev.qtorrent.common.tls.NodeIdentity;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** A flood of bad requests from one host is answered in full but logged only up to the limiter's budget. */
@Timeout(60)
class ErrorLogFloodTest {
    private final MessageCodec codec = new MessageCodec();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(ErrorResponder.class);

    @BeforeEach
    void captureLog() {
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(appender);
        appender.stop();
    }

    private List<String> lines() {
        synchronized (appender.list) {
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    @Test
    void floodFromOneConnectionLogsABoundedNumberOfLines() throws Exception {
        int requests = 600;
        NodeIdentity identity = NodeIdentity.generate("127.0.0.1");
        // Every request is malformed, so the node needs no torrent to refuse them.
        try (NodeServer server = new NodeServer("node", QuicSettings.defaults(), ServerLimits.defaults(), identity,
                     ResetSecret.random(), infoHash -> Optional.empty(), new RequestHandlers())
                     .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             NodeConnection connection = NodeConnection.connect("node", server.address(),
                     PinningTrustManager.pinned(identity.fingerprint()), QuicSettings.defaults(),
                     Duration.ofSeconds(5))) {
            Semaphore inFlight = new Semaphore(64);
            List<CompletableFuture<byte[]>> answers = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                inFlight.acquire();
                byte[] bad = ("{\"type\":\"piece\",\"info_hash\":" + i + "}").getBytes(StandardCharsets.US_ASCII);
                CompletableFuture<byte[]> answer = connection.exchangeRaw(bad, true, 4096);
                answer.whenComplete((bytes, error) -> inFlight.release());
                answers.add(answer);
            }
            for (CompletableFuture<byte[]> answer : answers) {
                Response response = header(answer.get(30, TimeUnit.SECONDS));
                assertEquals(ErrorCode.INVALID_REQUEST, ((ErrorResponse) response).errorCode());
            }
        }

        List<String> refused = lines().stream().filter(line -> line.contains("refused")).toList();
        System.out.printf("%d bad requests from one connection, all answered; %d log lines%n", requests,
                lines().size());
        assertEquals(PeerLogLimiter.DEFAULT_LINES_PER_WINDOW, refused.size(),
                "one line per refused request up to the per-address budget, then none");
        assertEquals(refused.size(), lines().size(), "nothing else logged within the window: " + lines());
    }

    @Test
    void suppressedLinesAreCountedInOneLineAfterTheWindow() {
        AtomicLong nanos = new AtomicLong();
        ErrorResponder responder = new ErrorResponder(codec, new PeerLogLimiter(2, Duration.ofSeconds(10), 16,
                nanos::get));

        for (int i = 0; i < 5; i++) {
            assertAnswered(responder, ErrorCode.MALFORMED_JSON);
        }
        assertEquals(2, lines().size(), lines().toString());

        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        assertAnswered(responder, ErrorCode.REQUEST_TOO_LARGE);

        assertEquals(4, lines().size(), lines().toString());
        assertTrue(lines().get(2).startsWith("suppressed 3 similar lines from ?"), lines().get(2));
        assertTrue(lines().get(3).contains("request_too_large"), lines().get(3));
    }

    private void assertAnswered(ErrorResponder responder, ErrorCode code) {
        EmbeddedChannel stream = new EmbeddedChannel(responder);
        stream.pipeline().fireExceptionCaught(new ProtocolException(code, "bad"));
        ByteBuf out = stream.readOutbound();
        try {
            assertEquals(code, ((ErrorResponse) header(ByteBufUtil.getBytes(out))).errorCode());
        } finally {
            out.release();
        }
        stream.finishAndReleaseAll();
    }

    private Response header(byte[] answer) {
        int end = answer.length - 1;
        assertTrue(end > 0 && answer[end] == MessageCodec.HEADER_END, new String(answer, StandardCharsets.UTF_8));
        return codec.decodeResponseHeader(Arrays.copyOf(answer, end));
    }
}
