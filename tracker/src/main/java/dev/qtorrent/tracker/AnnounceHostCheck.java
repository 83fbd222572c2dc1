package dev.qtorrent.tracker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Catches a tracker that listens for other machines but writes a loopback address into its torrents: their announce
 * URL ({@code quic://127.0.0.1:7001}) would send every other machine's client to itself, so only this machine could
 * ever use them.
 */
final class AnnounceHostCheck {
    private AnnounceHostCheck() {
    }

    /** The warning for {@code --host host} with {@code --bind bind}, or empty when remote clients can use it. */
    static Optional<String> warning(String host, InetAddress bind, int port) {
        if (bind.isLoopbackAddress() || !isLoopback(host)) {
            return Optional.empty();
        }
        return Optional.of("--host " + host + " is a loopback address but --bind " + bind.getHostAddress()
                + " takes clients from other machines: the torrents' announce URL "
                + TrackerCommand.announceUrl(host, port) + " reaches only this machine; set --host to a name or "
                + "address the clients can reach");
    }

    private static boolean isLoopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost") || bare.toLowerCase(java.util.Locale.ROOT).endsWith(".localhost")) {
            return true;
        }
        try {
            // Names resolve as clients would resolve them; a name that does not resolve here is not judged.
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException | SecurityException e) {
            return false;
        }
    }
}
