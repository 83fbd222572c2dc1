package dev.qtorrent.common.quic;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Writes a host and port the way people and URLs write them: {@code 127.0.0.1:7001}, {@code tracker.example:7001},
 * and an IPv6 address in brackets and in its short form (RFC 5952), {@code [::1]:7001}, where Java would write
 * {@code 0:0:0:0:0:0:0:1:7001}, which cannot be read back.
 */
public final class HostPort {
    private HostPort() {
    }

    public static String format(InetSocketAddress address) {
        InetAddress ip = address.isUnresolved() ? null : address.getAddress();
        // A name (localhost) stays a name; only a literal contains a colon.
        if (ip instanceof Inet6Address v6 && address.getHostString().indexOf(':') >= 0) {
            return "[" + shortForm(v6) + "]:" + address.getPort();
        }
        return format(address.getHostString(), address.getPort());
    }

    /** An address alone, as it stands before a port: IPv6 in brackets and in its short form. */
    public static String host(InetAddress address) {
        return address instanceof Inet6Address v6 ? "[" + shortForm(v6) + "]" : address.getHostAddress();
    }

    public static String format(String host, int port) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return bare.indexOf(':') >= 0 ? "[" + bare + "]:" + port : bare + ":" + port;
    }

    /** RFC 5952: lower-case groups without leading zeros, the longest run of two or more zero groups as "::". */
    static String shortForm(Inet6Address address) {
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (bytes[2 * i] & 0xff) << 8 | bytes[2 * i + 1] & 0xff;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        if (address.getScopeId() != 0 || address.getScopedInterface() != null) {
            String full = address.getHostAddress();
            text.append(full.substring(full.indexOf('%')));
        }
        return text.toString();
    }
}
