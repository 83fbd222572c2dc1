package dev.qtorrent.bench.announce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.MessageCodec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkloadTest {
    private static final List<String> HASHES = List.of("0123456789abcdef0123456789abcdef01234567",
            "fedcba9876543210fedcba9876543210fedcba98", "00000000000000000000000000000000000000ff");

    @Test
    void theFirstRoundPutsEveryPeerIntoEverySwarmOnceAndLaterRoundsRepeatIt() {
        Workload workload = new Workload(HASHES, 4, 50);
        Set<String> pairs = new HashSet<>();
        for (long k = 0; k < workload.size(); k++) {
            AnnounceRequest request = workload.request(k);
            assertTrue(pairs.add(request.infoHash() + " " + request.peerId()), "repeated at " + k);
            assertEquals(Workload.FIRST_PORT + workload.peer(k), request.port());
            assertEquals(50, request.numwant());
            assertTrue(request.left() > 0);
            assertEquals(workload.request(k), workload.request(k + workload.size()));
        }
        assertEquals(HASHES.size() * 4, pairs.size());
    }

    @Test
    void encodesEachAnnounceAsOurTrackerReadsIt() {
        Workload workload = new Workload(HASHES, 2, 50);
        byte[][] encoded = workload.encoded(workload.numwant());
        assertEquals(workload.size(), encoded.length);
        MessageCodec codec = new MessageCodec();
        for (int k = 0; k < encoded.length; k++) {
            assertEquals(workload.request(k), codec.decodeRequest(encoded[k]));
        }
        assertEquals("-BN0001-000000000007", Workload.peerId(7));
    }

    @Test
    void refusesAnEmptyWorkloadOrPortsBeyondTheLast() {
        assertThrows(IllegalArgumentException.class, () -> new Workload(List.of(), 4, 50));
        assertThrows(IllegalArgumentException.class, () -> new Workload(HASHES, 0, 50));
        assertThrows(IllegalArgumentException.class, () -> new Workload(HASHES, 60_000, 50));
    }

    @Test
    void wrkScriptSendsTheSameAnnouncesEscapedForHttp() {
        assertEquals("%01%23%45%67%89%ab%cd%ef%01%23%45%67%89%ab%cd%ef%01%23%45%67",
                WrkScript.urlEscaped(HASHES.get(0)));
        String lua = WrkScript.of(new Workload(HASHES, 4, 30));
        for (String hash : HASHES) {
            assertTrue(lua.contains("\"" + WrkScript.urlEscaped(hash) + "\""), lua);
        }
        assertTrue(lua.contains("local peers = 4"), lua);
        assertTrue(lua.contains("&numwant=30"), lua);
        assertTrue(lua.contains("&peer_id=-BN0001-\""), lua);
        assertTrue(lua.contains("(10000 + p)"), lua);
        assertTrue(lua.contains("\"wrk-result requests=%d"), lua);
        assertTrue(!lua.contains("@"), "a placeholder is left: " + lua);
    }
}
