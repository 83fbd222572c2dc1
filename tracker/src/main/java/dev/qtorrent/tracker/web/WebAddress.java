package dev.qtorrent.tracker.web;

import dev.qtorrent.common.quic.HostPort;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code --metrics ADDRESS:PORT} value: {@code 127.0.0.1:9464}, {@code [::1]:9464}, {@code :9464} (every
 * interface), and port 0 for any free port. It also tries the TCP port before the tracker creates or hashes anything,
 * as the QUIC port is tried.
 */
public final class WebAddress implements ITypeConverter<InetSocketAddress> {

    @Override
    public InetSocketAddress convert(String value) {
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            throw new TypeConversionException("'" + value + "' is not ADDRESS:PORT, e.g. 127.0.0.1:9464");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new TypeConversionException("'" + value + "': write an IPv6 address in brackets, e.g. [::1]:9464");
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65_535) {
            throw new TypeConversionException("'" + value + "': the port must be a number from 0 to 65535");
        }
        try {
            return new InetSocketAddress(host.isEmpty() ? InetAddress.getByName("0.0.0.0")
                    : InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new TypeConversionException("'" + value + "': unknown host " + host);
        }
    }

    /** Why the HTTP server cannot listen on {@code address}, or null when it can. */
    public static String problem(InetSocketAddress address) {
        if (address.getPort() == 0) {
            return null;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(address);
            return null;
        } catch (IOException e) {
            return describe(address, e);
        }
    }

    /** The message for a failed bind, here or when the server itself binds. */
    static String describe(InetSocketAddress address, Throwable e) {
        int port = address.getPort();
        String text = String.valueOf(e.getMessage());
        if (e instanceof BindException && text.contains("in use")) {
            return "tcp port " + port + " on " + HostPort.host(address.getAddress()) + " is in use (--metrics): see "
                    + "`ss -tlpn 'sport = :" + port + "'`, or choose another port";
        }
        return "cannot listen on tcp " + HostPort.format(address) + " (--metrics): " + text;
    }
}
