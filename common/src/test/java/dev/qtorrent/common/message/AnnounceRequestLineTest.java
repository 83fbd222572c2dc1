package dev.qtorrent.common.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qtorrent.common.message.AnnounceRequest.Event;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The announce request read by hand is the request Jackson reads from the same line, and every other line is left to
 * Jackson, whose answer (request or refusal) is unchanged.
 */
class AnnounceRequestLineTest {
    private static final String HASH = "0123456789abcdef0123456789abcdef01234567";
    private final MessageCodec codec = new MessageCodec();
    private final ObjectMapper jackson = new ObjectMapper();

    @Test
    void requestsOfEveryShapeReadAsJacksonReadsThem() throws Exception {
        SplittableRandom random = new SplittableRandom(11);
        Event[] events = {null, Event.STARTED, Event.COMPLETED, Event.STOPPED};
        for (int round = 0; round < 500; round++) {
            AnnounceRequest request = new AnnounceRequest(hex(random), "-QT0100-" + random.nextInt(1_000_000),
                    random.nextInt(1, 65_536), random.nextLong(0, Long.MAX_VALUE >> random.nextInt(63)),
                    random.nextLong(0, 1L << 40), random.nextInt(3) == 0 ? 0 : random.nextLong(0, 1L << 50),
                    events[random.nextInt(events.length)], random.nextInt(0, AnnounceRequest.MAX_NUMWANT + 1));
            byte[] line = codec.encodeRequest(request);

            AnnounceRequest read = AnnounceRequestLine.parse(line);
            AnnounceRequest general = (AnnounceRequest) jackson.readValue(line, Request.class);
            if (request.uploaded() >= 1_000_000_000_000_000_000L) {
                assertNull(read, "longer numbers go to the general path");
            } else {
                assertEquals(general, read, new String(line, StandardCharsets.US_ASCII));
            }
            assertEquals(request, codec.decodeRequest(line));
        }
    }

    @Test
    void everyOtherLineIsLeftToTheGeneralPath() {
        String canonical = "{\"type\":\"announce\",\"info_hash\":\"" + HASH + "\",\"peer_id\":\"-QT0100-a\",\"port\":6881,"
                + "\"uploaded\":0,\"downloaded\":0,\"left\":5,\"event\":\"started\",\"numwant\":50}";
        List<String> others = List.of(
                canonical.replace(",\"port\"", ", \"port\""),                       // a space
                canonical.replace(HASH, HASH.toUpperCase()),                        // an upper-case hash
                canonical.replace("\"left\":5", "\"left\":05"),                     // a leading zero
                canonical.replace("\"left\":5", "\"left\":-5"),                     // a sign
                canonical.replace("\"left\":5", "\"left\":5.0"),                    // a fraction
                canonical.replace("-QT0100-a", "-QT0100-\\u0041"),                  // an escape
                canonical.replace("-QT0100-a", "q\\\"uote"),                        // an escaped quote
                canonical.replace("\"started\"", "\"paused\""),                     // an unknown event
                canonical.replace("\"started\"", "null"),                           // an explicit null
                canonical.replace(",\"numwant\":50", ""),                           // no numwant
                canonical.replace("\"numwant\":50", "\"numwant\":201"),             // more than a tracker lists
                canonical.replace("\"port\":6881", "\"port\":65536"),               // beyond a port
                canonical.replace("\"port\":6881", "\"port\":99999999999"),         // beyond an int
                canonical.replace("-QT0100-a", ""),                                 // an empty peer id
                canonical.replace("-QT0100-a", "x".repeat(65)),                     // a peer id too long
                canonical.replace("}", ",\"extra\":1}"),                            // another member
                canonical + " ",                                                    // something after the brace
                canonical.substring(0, canonical.length() - 1));                    // cut short
        for (String other : others) {
            byte[] line = other.getBytes(StandardCharsets.UTF_8);
            assertNull(AnnounceRequestLine.parse(line), other);
            assertEquals(outcome(() -> generalPath(line)), outcome(() -> codec.decodeRequest(line)), other);
        }
        assertEquals(new AnnounceRequest(HASH, "-QT0100-a", 6881, 0, 0, 5, Event.STARTED, 50),
                AnnounceRequestLine.parse(canonical.getBytes(StandardCharsets.US_ASCII)));
    }

    /** What the codec answered before this reader: Jackson's reading of every line that is not a piece request. */
    private Object generalPath(byte[] line) {
        return codec.read(line, Request.class, ErrorCode.INVALID_REQUEST);
    }

    private static Object outcome(java.util.function.Supplier<Object> decode) {
        try {
            return decode.get();
        } catch (ProtocolException refused) {
            return refused.code() + ": " + refused.getMessage();
        }
    }

    private static String hex(SplittableRandom random) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            hex.append(Character.forDigit(random.nextInt(16), 16));
        }
        return hex.toString();
    }
}
