package dev.qtorrent.tracker.swarm.redis;

import dev.qtorrent.common.message.AnnounceResponse.Peer;
import dev.qtorrent.common.message.SwarmChangeResponse;
import dev.qtorrent.common.message.SwarmChangeResponse.Change;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The bytes of a swarm entry in Redis, kept small because a swarm may hold many: the key is the address's length, the
 * address and the peer id (what identifies an entry, as in the in-memory store); the value is the certificate's
 * SHA-256 (32 bytes), the port (2 bytes) and whether the peer is a seed (1 byte). A change line is 'J' (joined) or
 * 'L' (left), the value, then the key. The scripts read the same layout (common.lua).
 */
final class SwarmEntries {
    static final int VALUE_LENGTH = 35;
    private static final HexFormat HEX = HexFormat.of();

    private SwarmEntries() {
    }

    static byte[] key(String peerId, InetAddress address) {
        byte[] ip = address.getAddress();
        byte[] id = peerId.getBytes(StandardCharsets.US_ASCII);
        byte[] key = new byte[1 + ip.length + id.length];
        key[0] = (byte) ip.length;
        System.arraycopy(ip, 0, key, 1, ip.length);
        System.arraycopy(id, 0, key, 1 + ip.length, id.length);
        return key;
    }

    static byte[] value(String certificateHex, int port, boolean seed) {
        byte[] value = Arrays.copyOf(HEX.parseHex(certificateHex), VALUE_LENGTH);
        value[32] = (byte) (port >>> 8);
        value[33] = (byte) port;
        value[34] = (byte) (seed ? 1 : 0);
        return value;
    }

    /** An entry as the scripts return it: its value followed by its key. */
    static Peer peer(byte[] entry) {
        return peer(entry, 0);
    }

    static boolean seed(byte[] entry) {
        return entry[34] == 1;
    }

    static String certificateHex(byte[] entryOrCertificate) {
        return HEX.formatHex(entryOrCertificate, 0, 32);
    }

    /** A change line of {@code infoHash}'s swarm, as watchers hear of it. */
    static SwarmChangeResponse change(String infoHash, byte[] line) {
        Change change = switch (line[0]) {
            case 'J' -> Change.JOINED;
            case 'L' -> Change.LEFT;
            default -> throw new IllegalArgumentException("not a swarm change: " + (char) line[0]);
        };
        return new SwarmChangeResponse(infoHash, change, peer(line, 1), line[1 + 34] == 1);
    }

    private static Peer peer(byte[] entry, int at) {
        String certificate = HEX.formatHex(entry, at, at + 32);
        int port = (entry[at + 32] & 0xff) << 8 | entry[at + 33] & 0xff;
        int key = at + VALUE_LENGTH;
        int ipLength = entry[key];
        String ip;
        try {
            ip = InetAddress.getByAddress(Arrays.copyOfRange(entry, key + 1, key + 1 + ipLength)).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an address of " + ipLength + " bytes", e);
        }
        String peerId = new String(entry, key + 1 + ipLength, entry.length - key - 1 - ipLength,
                StandardCharsets.US_ASCII);
        return new Peer(peerId, ip, port, certificate);
    }
}
