package dev.qtorrent.bench.announce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AnswerSampleTest {
    @Test
    void countsCompactPeersInAnHttpAnswer() {
        byte[] peers = new byte[12 * 6];
        peers[0] = 'e';
        byte[] answer = http("d8:completei0e10:incompletei13e8:intervali1800e5:peers72:", peers, "e");
        OpenTracker.AnswerSample sample = OpenTracker.AnswerSample.ofHttp(answer);
        assertEquals(12, sample.peers());
        assertEquals(answer.length, sample.bytes());
    }

    @Test
    void refusesAFailureOrSomethingElse() {
        assertThrows(IllegalStateException.class, () -> OpenTracker.AnswerSample.ofHttp(
                http("d14:failure reason28:Requested download not founde", new byte[0], "")));
        assertThrows(IllegalStateException.class, () -> OpenTracker.AnswerSample.ofHttp(
                "<title>Invalid Request</title>".getBytes(StandardCharsets.US_ASCII)));
    }

    private static byte[] http(String head, byte[] middle, String tail) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        body.writeBytes(middle);
        body.writeBytes(tail.getBytes(StandardCharsets.ISO_8859_1));
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        answer.writeBytes(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.size()
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        answer.writeBytes(body.toByteArray());
        return answer.toByteArray();
    }
}
