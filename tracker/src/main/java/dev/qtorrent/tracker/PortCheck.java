package dev.qtorrent.tracker;

import dev.qtorrent.common.quic.HostPort;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;

/**
 * Tries the tracker's UDP port before anything is created or hashed, so a busy port fails in a second with a hint
 * rather than after the seed folder is read, and leaves no folders or log behind.
 */
final class PortCheck {
    private PortCheck() {
    }

    /** Why the tracker cannot listen on {@code address}, or null when it can. */
    static String problem(InetSocketAddress address) {
        // The same protocol family as the tracker's own socket, so the check sees the same conflicts.
        StandardProtocolFamily family = address.getAddress() instanceof Inet4Address ? StandardProtocolFamily.INET
                : StandardProtocolFamily.INET6;
        try (DatagramChannel channel = DatagramChannel.open(family)) {
            channel.bind(address);
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
