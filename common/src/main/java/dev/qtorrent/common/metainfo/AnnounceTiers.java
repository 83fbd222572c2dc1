package dev.qtorrent.common.metainfo;

import dev.qtorrent.common.bencode.BBytes;
import dev.qtorrent.common.bencode.BList;
import dev.qtorrent.common.bencode.BValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A torrent's trackers in the order to try them (BEP 12): the tiers of {@code announce-list} when it has any URL,
 * else {@code announce} alone. BEP 12 has clients ignore {@code announce} once {@code announce-list} is there.
 *
 * <p>Read leniently: a tier or URL of the wrong type is skipped rather than making the torrent unusable, since other
 * tools write these lists by hand and only the choice of tracker depends on them.
 */
public final class AnnounceTiers {
    public static final String KEY = "announce-list";

    private AnnounceTiers() {
    }

    /** The trackers to try: {@link #listed} when it has any, else {@code announce} alone, else none. */
    public static List<List<String>> of(Metainfo metainfo) {
        List<List<String>> tiers = listed(metainfo);
        if (tiers.isEmpty() && !metainfo.announce().isEmpty()) {
            return List.of(List.of(metainfo.announce()));
        }
        return tiers;
    }

    /** The tiers of {@code announce-list}, with every URL as written (any scheme), empty tiers left out. */
    public static List<List<String>> listed(Metainfo metainfo) {
        List<List<String>> tiers = new ArrayList<>();
        if (metainfo.get(KEY).orElse(null) instanceof BList list) {
            for (BValue tier : list.values()) {
                if (tier instanceof BList urls) {
                    List<String> texts = new ArrayList<>();
                    for (BValue url : urls.values()) {
                        if (url instanceof BBytes bytes) {
                            String text = new String(bytes.bytes(), StandardCharsets.UTF_8).strip();
                            if (!text.isEmpty()) {
                                texts.add(text);
                            }
                        }
                    }
                    if (!texts.isEmpty()) {
                        tiers.add(List.copyOf(texts));
                    }
                }
            }
        }
        return List.copyOf(tiers);
    }

    /**
     * The quic-torrent trackers among {@code tiers}, tier by tier; URLs of other schemes (for other clients) and
     * tiers left without any are dropped.
     *
     * @throws IllegalArgumentException for a {@code quic://} URL that is not of the form {@code quic://HOST:PORT}
     */
    public static List<List<TrackerUrl>> quic(List<List<String>> tiers) {
        List<List<TrackerUrl>> quic = new ArrayList<>();
        for (List<String> tier : tiers) {
            List<TrackerUrl> urls = tier.stream().filter(TrackerUrl::isQuic).map(TrackerUrl::parse).toList();
            if (!urls.isEmpty()) {
                quic.add(urls);
            }
        }
        return List.copyOf(quic);
    }

    /** The {@code announce-list} value for {@code tiers}: one list of URL strings per tier. */
    public static BList encode(List<List<String>> tiers) {
        List<BValue> list = new ArrayList<>();
        for (List<String> tier : tiers) {
            list.add(new BList(tier.stream().<BValue>map(BBytes::of).toList()));
        }
        return new BList(list);
    }
}
