package dev.qtorrent.common.metainfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qtorrent.common.bencode.BBytes;
import dev.qtorrent.common.bencode.BDict;
import dev.qtorrent.common.bencode.BInteger;
import dev.qtorrent.common.bencode.BList;
import dev.qtorrent.common.bencode.BValue;
import dev.qtorrent.common.bencode.Bencode;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnnounceTiersTest {
    private static final String A = "quic://a.example:7001";
    private static final String B = "quic://b.example:7001";

    @Test
    void announceListWinsOverAnnounce() {
        Metainfo metainfo = torrent(A, AnnounceTiers.encode(List.of(List.of(B), List.of(A))));

        assertEquals(List.of(List.of(B), List.of(A)), AnnounceTiers.of(metainfo));
    }

    @Test
    void withoutAnnounceListTheAnnounceIsTheOnlyTier() {
        assertEquals(List.of(List.of(A)), AnnounceTiers.of(torrent(A, null)));
        assertEquals(List.of(), AnnounceTiers.listed(torrent(A, null)));
        assertEquals(List.of(), AnnounceTiers.of(torrent("", null)));
    }

    @Test
    void entriesOfTheWrongTypeAreSkippedAndAnEmptyListFallsBackToAnnounce() {
        BList odd = BList.of(BInteger.of(7), BList.of(BInteger.of(1), BBytes.of(" " + B + " ")), BList.of());
        assertEquals(List.of(List.of(B)), AnnounceTiers.of(torrent(A, odd)));
        assertEquals(List.of(List.of(A)), AnnounceTiers.of(torrent(A, BList.of(BList.of(BInteger.of(1))))));
    }

    @Test
    void onlyQuicTrackersAreKeptAndMalformedOnesAreRefused() {
        List<List<String>> tiers = List.of(List.of("udp://c.example:6969"), List.of("http://d.example/announce", A));

        assertEquals(List.of(List.of(TrackerUrl.parse(A))), AnnounceTiers.quic(tiers));
        assertThrows(IllegalArgumentException.class, () -> AnnounceTiers.quic(List.of(List.of("quic://nohost"))));
    }

    @Test
    void encodedTiersReadBackTheSame() {
        List<List<String>> tiers = List.of(List.of(A, B), List.of("udp://c.example:6969"));

        assertEquals(tiers, AnnounceTiers.listed(torrent(A, AnnounceTiers.encode(tiers))));
    }

    private static Metainfo torrent(String announce, BValue announceList) {
        BDict info = BDict.builder().put("name", "a.txt").put("piece length", 16_384).put("length", 5)
                .put("pieces", new byte[20]).build();
        BDict.Builder root = BDict.builder().put("info", info);
        if (!announce.isEmpty()) {
            root.put("announce", announce);
        }
        if (announceList != null) {
            root.put(AnnounceTiers.KEY, announceList);
        }
        return Metainfo.parse(Bencode.encode(root.build()));
    }
}
