package dev.qtorrent.client;

import dev.qtorrent.client.download.LocalStorageException;
import dev.qtorrent.common.tls.NodeIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's persistent identity: the key and certificate in its state folder, which it presents as a TLS client
 * certificate on every connection it opens. The tracker lists the certificate's fingerprint beside the client in peer
 * lists, so the identity is made once and kept; a damaged one stops the client rather than being replaced.
 */
public final class ClientIdentity {
    private static final Logger log = LoggerFactory.getLogger(ClientIdentity.class);

    private ClientIdentity() {
    }

    /**
     * Loads the identity from {@code stateDir}, creating it on first use.
     *
     * @throws LocalStorageException when the files cannot be written, or exist and cannot be read
     */
    public static NodeIdentity load(Path stateDir) throws LocalStorageException {
        return load(stateDir, IdentityPreload.NONE);
    }

    /**
     * Loads the identity from {@code stateDir}, taking it from {@code preload} when that read the same folder
     * successfully; otherwise reads (or creates) it here, so that a damaged identity is reported as always.
     *
     * @throws LocalStorageException when the files cannot be written, or exist and cannot be read
     */
    public static NodeIdentity load(Path stateDir, IdentityPreload preload) throws LocalStorageException {
        try {
            Optional<NodeIdentity> read = preload.take(stateDir);
            NodeIdentity identity = read.isPresent() ? read.get()
                    : NodeIdentity.loadOrCreate(stateDir, NodeIdentity.Role.PEER, null);
            log.info("client certificate sha256={} ({})", identity.fingerprint(),
                    stateDir.resolve(NodeIdentity.Role.PEER.certificateFile()));
            return identity;
        } catch (IOException e) {
            throw LocalStorageException.identity(stateDir, e);
        }
    }
}
