package dev.qtorrent.tracker;

import dev.qtorrent.common.quic.HostPort;
import dev.qtorrent.common.quic.Transport;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;

/**
 * Tries the tracker's UDP port before anything is created or hashed, so a busy port fails in a second with a hint
 * rather than after the seed folder is read, and leaves no folders or log behind.
 */
final class PortCheck {
    private PortCheck() {
    }

    /** Why the tracker cannot listen on {@code address}, or null when it can. */
    static String problem(InetSocketAddress address) {
        try {
            Transport.checkFree(address);
            return null;
        } catch (IOException | UnsupportedOperationException e) {
            return describe(address, e);
        }
    }

    /** The message for a failed bind, here or when the server itself binds. */
    static String describe(InetSocketAddress address, Throwable e) {
        String host = address.getAddress().getHostAddress();
        int port = address.getPort();
        String text = String.valueOf(e.getMessage());
        if (e instanceof BindException && text.contains("in use")) {
            return "udp port " + port + " on " + HostPort.host(address.getAddress())
                    + " is in use: another tracker? see `ss -ulpn 'sport = :" + port + "'`, or choose another port "
                    + "with --quic";
        }
        if (e instanceof BindException) {
            return "cannot listen on udp " + HostPort.format(address) + ": " + text + " (is " + host
                    + " an address of this machine? see --bind)";
        }
        return "cannot listen on udp " + HostPort.format(address) + ": " + text;
    }
}
