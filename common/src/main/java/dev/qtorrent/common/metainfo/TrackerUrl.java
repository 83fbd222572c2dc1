package dev.qtorrent.common.metainfo;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A quic-torrent tracker's announce URL, {@code quic://HOST:PORT}; an IPv6 literal is written in brackets.
 *
 * @param host the host name or address, without brackets
 * @param port the UDP port
 */
public record TrackerUrl(String host, int port) {
    public static final String SCHEME = "quic";

    public TrackerUrl {
        if (host == null || host.isEmpty() || port < 1 || port > 65_535) {
            throw new IllegalArgumentException("a tracker URL needs a host and a port from 1 to 65535");
        }
    }

    /**
     * Parses {@code quic://HOST:PORT}.
     *
     * @throws IllegalArgumentException saying what form was expected
     */
    public static TrackerUrl parse(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || !SCHEME.equals(uri.getScheme().toLowerCase(Locale.ROOT))
                    || uri.getHost() == null || uri.getPort() < 1) {
                throw new URISyntaxException(url, "not of the form quic://HOST:PORT");
            }
            String host = uri.getHost();
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return new TrackerUrl(host, uri.getPort());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(url + " is not of the form quic://HOST:PORT", e);
        }
    }

    /** Whether {@code url} names a quic-torrent tracker at all (other URLs are for other clients). */
    public static boolean isQuic(String url) {
        return url != null && url.regionMatches(true, 0, SCHEME + "://", 0, SCHEME.length() + 3);
    }

    @Override
    public String toString() {
        return SCHEME + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
