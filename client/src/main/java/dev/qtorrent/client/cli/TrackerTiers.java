package dev.qtorrent.client.cli;

import dev.qtorrent.client.download.Downloader;
import dev.qtorrent.common.metainfo.MetainfoException;
import dev.qtorrent.common.metainfo.TrackerUrl;
import dev.qtorrent.common.quic.CertificatePinException;
import dev.qtorrent.common.quic.HostPort;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.quic.NodeUnreachableException;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.common.tls.PinningTrustManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trackers a command talks to, in the order to try them (BEP 12): the torrent's tiers of quic:// URLs, each tier
 * shuffled once, or HOST and PORT from the command line alone. Every connection, the first one and any made again
 * after losing one, goes to the first tracker that answers, tier by tier; one that answered moves to the front of its
 * tier. The torrent carries one pin, so every tracker listed must present the same certificate: instances of one
 * tracker sharing its identity.
 */
final class TrackerTiers implements Downloader.Connector {
    private static final Logger log = LoggerFactory.getLogger(TrackerTiers.class);

    private final List<List<InetSocketAddress>> tiers;
    private final PinningTrustManager trust;
    private final NodeIdentity identity;

    private TrackerTiers(List<List<InetSocketAddress>> tiers, PinningTrustManager trust, NodeIdentity identity) {
        this.tiers = tiers;
        this.trust = trust;
        this.identity = identity;
    }

    /**
     * The trackers of {@code urls} (tiers of URLs of any scheme; only quic:// ones count), or HOST and PORT when either
     * is given on the command line, which then stand in for the first tracker's.
     *
     * @throws MetainfoException when no quic:// tracker is named or a quic:// URL is malformed
     */
    static TrackerTiers of(String source, List<List<String>> urls, String host, Integer port,
                           PinningTrustManager trust, NodeIdentity identity, Random random) {
        List<List<TrackerUrl>> quic = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (List<String> tier : urls) {
            List<TrackerUrl> parsed = new ArrayList<>();
            for (String url : tier) {
                if (TrackerUrl.isQuic(url)) {
                    parsed.add(parse(source, url, host, port));
                } else {
                    others.add(url);
                }
            }
            if (!parsed.isEmpty()) {
                quic.add(parsed);
            }
        }
        List<List<InetSocketAddress>> tiers = new ArrayList<>();
        if (host != null || port != null || quic.isEmpty()) {
            TrackerUrl first = quic.isEmpty() ? null : quic.get(0).get(0);
            String h = host != null ? host : first != null ? first.host() : null;
            int p = port != null ? port : first != null ? first.port() : -1;
            if (h == null || p < 0) {
                throw new MetainfoException(source + " names no quic:// tracker"
                        + (others.isEmpty() ? "" : " (only " + String.join(", ", others) + ")")
                        + ": give HOST and PORT on the command line");
            }
            tiers.add(new ArrayList<>(List.of(address(h, p))));
        } else {
            for (List<TrackerUrl> tier : quic) {
                List<InetSocketAddress> addresses = new ArrayList<>();
                tier.forEach(url -> addresses.add(address(url.host(), url.port())));
                Collections.shuffle(addresses, random);
                tiers.add(addresses);
            }
        }
        return new TrackerTiers(tiers, trust, identity);
    }

    /** The tracker tried first: where the client's own node listens (its address family) and what logs name. */
    synchronized InetSocketAddress first() {
        return tiers.get(0).get(0);
    }

    /** Every tracker in the order they are tried. */
    synchronized List<InetSocketAddress> all() {
        return tiers.stream().flatMap(List::stream).toList();
    }

    /**
     * Connects to the first tracker that answers, each given {@code timeout}.
     *
     * @throws CertificatePinException  when none answered and one presented a certificate other than the pin: the
     *                                  more telling failure
     * @throws NodeUnreachableException when none answered
     */
    @Override
    public NodeConnection connect(Duration timeout) throws IOException, InterruptedException {
        List<InetSocketAddress> order = all();
        IOException failure = null;
        for (InetSocketAddress tracker : order) {
            try {
                NodeConnection connection = NodeConnection.connect("tracker", tracker, trust, identity,
                        QuicSettings.defaults(), timeout);
                answered(tracker);
                return connection;
            } catch (NodeUnreachableException | CertificatePinException e) {
                if (order.size() == 1) {
                    throw e;
                }
                log.warn("tracker {} did not take the connection ({}); trying the next one", HostPort.format(tracker),
                        e.getMessage());
                if (failure == null || e instanceof CertificatePinException
                        && !(failure instanceof CertificatePinException)) {
                    failure = e;
                }
            }
        }
        throw failure instanceof CertificatePinException ? failure : new NodeUnreachableException("no tracker of "
                + order.size() + " answered (" + order.stream().map(HostPort::format).toList() + "); the first "
                + "failure: " + failure.getMessage(), failure);
    }

    private synchronized void answered(InetSocketAddress tracker) {
        for (List<InetSocketAddress> tier : tiers) {
            if (tier.remove(tracker)) {
                tier.add(0, tracker);
                return;
            }
        }
    }

    private static TrackerUrl parse(String source, String url, String host, Integer port) {
        try {
            return TrackerUrl.parse(url);
        } catch (IllegalArgumentException e) {
            if (host != null && port != null) {
                // The command line names the tracker: the torrent's URLs are not needed.
                return new TrackerUrl(host, port);
            }
            throw new MetainfoException(source + ": announce URL " + url + " is not of the form quic://HOST:PORT; "
                    + "give HOST and PORT on the command line");
        }
    }

    private static InetSocketAddress address(String host, int port) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return new InetSocketAddress(bare, port);
    }
}
