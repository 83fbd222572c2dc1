package dev.qtorrent.client.serve;

import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.peer.serve.NodeServer;
import dev.qtorrent.peer.serve.RequestHandlers;
import dev.qtorrent.peer.serve.ResetSecret;
import dev.qtorrent.peer.serve.ServerLimits;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's own node: a QUIC server on one UDP port that serves the pieces of the client's torrents to other
 * peers ({@link ClientPieces}), presenting the client's identity, the certificate the tracker lists beside it.
 */
public final class ClientNode implements AutoCloseable {
    /**
     * BEP 3's traditional first port: firewall and port-forwarding rules written for BitTorrent clients often open
     * 6881-6889 already, and a fixed port lets a user open it once.
     */
    public static final int DEFAULT_PORT = 6881;
    /** Ports tried from the chosen one upwards before taking any free port. */
    public static final int TRIES = 10;
    private static final Logger log = LoggerFactory.getLogger(ClientNode.class);

    private final NodeServer server;
    private final ClientPieces pieces;

    private ClientNode(NodeServer server, ClientPieces pieces) {
        this.server = server;
        this.pieces = pieces;
    }

    /**
     * Listens on {@code port}, or the first free one of the {@link #TRIES} ports from it, or any free port when those
     * are all taken; {@code port} 0 takes any free port at once.
     *
     * @param bind the address to listen on, usually the wildcard of the tracker's address family
     */
    public static ClientNode start(InetAddress bind, int port, NodeIdentity identity, ResetSecret resetSecret)
            throws InterruptedException {
        return start(bind, port, identity, resetSecret, 0);
    }

    /**
     * Like {@link #start(InetAddress, int, NodeIdentity, ResetSecret)}, sending peers at most {@code maxUploadRate}
     * piece bytes a second over all of them together, 0 for no limit.
     */
    public static ClientNode start(InetAddress bind, int port, NodeIdentity identity, ResetSecret resetSecret,
                                   long maxUploadRate) throws InterruptedException {
        ServerLimits limits = ServerLimits.defaults().withMaxUploadRate(maxUploadRate);
        ClientPieces pieces = new ClientPieces();
        int last = port == 0 ? 0 : Math.min(65_535, port + TRIES - 1);
        for (int candidate = port; candidate <= last; candidate++) {
            NodeServer server = tryStart(bind, candidate, limits, identity, resetSecret, pieces);
            if (server != null) {
                return new ClientNode(server, pieces);
            }
        }
        log.info("udp ports {}-{} are all in use; listening for peers on any free port", port, last);
        return new ClientNode(tryStart(bind, 0, limits, identity, resetSecret, pieces), pieces);
    }

    private static NodeServer tryStart(InetAddress bind, int port, ServerLimits limits, NodeIdentity identity,
                                       ResetSecret resetSecret, ClientPieces pieces) throws InterruptedException {
        NodeServer server = new NodeServer("peer", QuicSettings.defaults(), limits, identity, resetSecret, pieces,
                new RequestHandlers());
        try {
            return server.start(new InetSocketAddress(bind, port));
        } catch (Exception e) {
            // Netty rethrows the bind failure undeclared, so it is caught broadly and told apart here.
            server.close();
            if (inUse(e) && port != 0) {
                log.debug("udp port {} is in use", port);
                return null;
            }
            if (e instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(
                    "cannot listen on udp port " + port + ": " + e.getMessage(), e);
        }
    }

    /** NIO reports a taken port as a BindException, epoll as a native error with the system's text. */
    private static boolean inUse(Exception e) {
        return e instanceof BindException
                || e.getMessage() != null && e.getMessage().contains("Address already in use");
    }

    public ClientPieces pieces() {
        return pieces;
    }

    public int port() {
        return server.address().getPort();
    }

    public InetSocketAddress address() {
        return server.address();
    }

    @Override
    public void close() {
        server.close();
    }
}
