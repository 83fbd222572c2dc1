package dev.qtorrent.tracker.swarm;

import dev.qtorrent.common.message.AnnounceResponse.Peer;
import dev.qtorrent.common.tls.Fingerprint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Client-certificate fingerprints for registry tests, which have no TLS handshakes to take them from. */
final class StandInCertificates {
    private StandInCertificates() {
    }

    /** A stand-in fingerprint, different for every peer id and address. */
    static Fingerprint certificate(String peerId, String ip) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((peerId + "@" + ip).getBytes(StandardCharsets.UTF_8));
            return new Fingerprint(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** The entry a peer announcing from {@code ip} with {@link #certificate} is listed as. */
    static Peer peer(String peerId, String ip, int port) {
        return new Peer(peerId, ip, port, certificate(peerId, ip).hex());
    }
}
