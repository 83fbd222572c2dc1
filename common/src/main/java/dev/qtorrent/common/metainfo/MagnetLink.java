package dev.qtorrent.common.metainfo;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A BitTorrent magnet link (BEP 9): {@code magnet:?xt=urn:btih:<info hash>&dn=<name>&tr=<tracker>...}. A quic-torrent
 * tracker's certificate pin travels in the extra parameter {@code x.qtpin} (64 hex digits), so a link can be as
 * trustworthy as a torrent file.
 *
 * @param infoHash    the torrent's info hash ({@code xt}, 40 hex digits or 32 base32 characters)
 * @param displayName the suggested name ({@code dn}), if given
 * @param trackers    the tracker URLs ({@code tr}), in order
 * @param pin         the tracker certificate's SHA-256 fingerprint ({@code x.qtpin}), if given
 */
public record MagnetLink(InfoHash infoHash, Optional<String> displayName, List<String> trackers,
                         Optional<String> pin) {
    public static final String PIN_PARAMETER = "x.qtpin";
    private static final String PREFIX = "magnet:?";
    private static final String BTIH = "urn:btih:";

    public MagnetLink {
        trackers = List.copyOf(trackers);
    }

    public static boolean looksLikeMagnet(String text) {
        return text.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /**
     * Parses a magnet link.
     *
     * @throws MetainfoException naming what is wrong
     */
    public static MagnetLink parse(String link) {
        if (!looksLikeMagnet(link)) {
            throw new MetainfoException("not a magnet link (must start with magnet:?): " + link);
        }
        InfoHash infoHash = null;
        String name = null;
        String pin = null;
        List<String> trackers = new ArrayList<>();
        for (String parameter : link.substring(PREFIX.length()).split("&")) {
            if (parameter.isEmpty()) {
                continue;
            }
            int eq = parameter.indexOf('=');
            String key = eq < 0 ? parameter : parameter.substring(0, eq);
            String value;
            try {
                value = eq < 0 ? "" : URLDecoder.decode(parameter.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new MetainfoException("magnet link: bad escape in " + key + ": " + e.getMessage(), e);
            }
            switch (key) {
                case "xt" -> {
                    if (value.regionMatches(true, 0, BTIH, 0, BTIH.length())) {
                        if (infoHash != null) {
                            throw new MetainfoException("magnet link has more than one btih xt");
                        }
                        infoHash = btih(value.substring(BTIH.length()));
                    }
                }
                case "dn" -> name = value;
                case "tr" -> trackers.add(value);
                case PIN_PARAMETER -> pin = Metainfo.checkPin(value);
                default -> {
                    // Other parameters (x.pe, ws, xs, so, ...) are for other clients.
                }
            }
        }
        if (infoHash == null) {
            throw new MetainfoException("magnet link has no xt=urn:btih:<info hash>");
        }
        return new MagnetLink(infoHash, Optional.ofNullable(name), trackers, Optional.ofNullable(pin));
    }

    /** A link for {@code metainfo}: its info hash, name, exact length ({@code xl}, BEP 9), tracker and pin. */
    public static String of(Metainfo metainfo) {
        StringBuilder link = new StringBuilder(PREFIX).append("xt=").append(BTIH).append(metainfo.infoHash().hex())
                .append("&dn=").append(encode(metainfo.info().name()))
                .append("&xl=").append(metainfo.info().totalLength());
        if (!metainfo.announce().isEmpty()) {
            link.append("&tr=").append(encode(metainfo.announce()));
        }
        metainfo.certificatePin().ifPresent(pin -> link.append('&').append(PIN_PARAMETER).append('=').append(pin));
        return link.toString();
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static InfoHash btih(String text) {
        if (text.length() == 40) {
            return InfoHash.fromHex(text);
        }
        if (text.length() == 32) {
            return new InfoHash(base32(text.toUpperCase(Locale.ROOT)));
        }
        throw new MetainfoException("magnet link: btih must be 40 hex or 32 base32 characters, got " + text.length());
    }

    private static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        byte[] out = new byte[20];
        long buffer = 0;
        int bits = 0;
        int n = 0;
        for (char c : text.toCharArray()) {
            int value = alphabet.indexOf(c);
            if (value < 0) {
                throw new MetainfoException("magnet link: '" + c + "' is not a base32 character");
            }
            buffer = buffer << 5 | value;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out[n++] = (byte) (buffer >> bits);
            }
        }
        return out;
    }
}
