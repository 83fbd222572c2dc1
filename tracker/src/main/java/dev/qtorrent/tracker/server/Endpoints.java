package dev.qtorrent.tracker.server;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Writes addresses as people type them: {@code 127.0.0.1:7001}, {@code [::]:7001}, {@code [::1]:7001}. */
public final class Endpoints {
    private Endpoints() {
    }

    public static String format(InetSocketAddress address) {
        return format(address.getAddress(), address.getPort());
    }

    public static String format(InetAddress address, int port) {
        return host(address) + ":" + port;
    }

    /** An address alone, IPv6 in brackets as it appears before a port. */
    public static String host(InetAddress address) {
        return address instanceof Inet6Address ? "[" + compact(address) + "]" : address.getHostAddress();
    }

    /** A host as given on the command line, with brackets when it is an IPv6 literal. */
    public static String format(String host, int port) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]:" + port : host + ":" + port;
    }

    /** The short form of RFC 5952: the longest run of two or more zero groups becomes {@code ::}. */
    static String compact(InetAddress address) {
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
        String scope = address instanceof Inet6Address v6 && v6.getScopeId() != 0 ? "%" + v6.getScopeId() : "";
        return text + scope;
    }
}
