package dev.qtorrent.client.cli;

import dev.qtorrent.client.download.LocalStorageException;
import dev.qtorrent.client.serve.ClientNode;
import dev.qtorrent.common.quic.Transport;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.peer.serve.ResetSecret;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * {@code --listen PORT}, {@code --no-listen} and {@code --max-upload-rate}: where the client's node accepts peers, if
 * anywhere, and how fast it sends them pieces.
 */
final class ListenOptions {
    private static final Logger log = LoggerFactory.getLogger(ListenOptions.class);

    @Option(names = "--listen", paramLabel = "PORT",
            description = "UDP port on which to serve other peers; the next ones are tried when it is taken, up to "
                    + ClientNode.TRIES + ", then any free port; 0 for any free port (default: "
                    + ClientNode.DEFAULT_PORT + ").")
    private Integer port;

    @Option(names = "--no-listen",
            description = "Serve no peers: announce port 0, so the tracker lists no address for this client.")
    private boolean off;

    @Option(names = "--max-upload-rate", paramLabel = "BYTES",
            description = "Send peers at most this many bytes of pieces per second, all peers together: 500K, 1.5M, "
                    + "10MiB, as --max-rate reads them (default: 0, no limit).")
    private String maxUploadRate;

    void validate() {
        if (off && port != null) {
            throw new UsageException("--listen and --no-listen contradict each other: choose one");
        }
        if (port != null && (port < 0 || port > 65_535)) {
            throw new UsageException("--listen must be between 0 and 65535, got " + port);
        }
        maxUploadRate();
    }

    /** Bytes a second, 0 for no limit. */
    private long maxUploadRate() {
        return maxUploadRate == null ? 0 : ByteSize.parse(maxUploadRate, "--max-upload-rate");
    }

    boolean serves() {
        return !off;
    }

    /**
     * Starts the client's node on the wildcard address of the tracker's family, and says where on {@code err}; empty
     * with {@code --no-listen}.
     */
    Optional<ClientNode> start(InetSocketAddress tracker, NodeIdentity identity, Path stateDir, PrintWriter err)
            throws LocalStorageException, InterruptedException {
        if (off) {
            return Optional.empty();
        }
        ResetSecret secret;
        try {
            secret = ResetSecret.loadOrCreate(stateDir);
        } catch (IOException e) {
            throw LocalStorageException.identity(stateDir, e);
        }
        ClientNode node = ClientNode.start(wildcard(tracker), port == null ? ClientNode.DEFAULT_PORT : port,
                identity, secret, maxUploadRate());
        log.info("serving peers on udp port {}", node.port());
        err.println("serving peers on udp port " + node.port());
        err.flush();
        return Optional.of(node);
    }

    /**
     * The client's node, started on first use: a download starts it only once it is sure to fetch or seed, so that a
     * refused output neither takes a port nor prints one.
     */
    final class Lazy implements AutoCloseable {
        private final InetSocketAddress tracker;
        private final NodeIdentity identity;
        private final Path stateDir;
        private final PrintWriter err;
        private Optional<ClientNode> node;
        /** The node coming up on another thread, once {@link #startInBackground} was called. */
        private CompletableFuture<Optional<ClientNode>> starting;

        Lazy(InetSocketAddress tracker, NodeIdentity identity, Path stateDir, PrintWriter err) {
            this.tracker = tracker;
            this.identity = identity;
            this.stateDir = stateDir;
            this.err = err;
        }

        /**
         * Starts the node on another thread, so that it comes up while the caller connects to the tracker (neither
         * needs the other, and each takes tens of milliseconds of a short download's start); {@link #get} waits.
         */
        void startInBackground() {
            if (node != null || starting != null || off) {
                return;
            }
            // The transport's native library loads on this thread first: on JDK 17 two threads that load native
            // libraries while initializing classes can deadlock, and the caller's connection loads the same one.
            Transport.detect();
            CompletableFuture<Optional<ClientNode>> started = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    started.complete(start(tracker, identity, stateDir, err));
                } catch (Throwable e) {
                    started.completeExceptionally(e);
                }
            }, "node-start");
            thread.setDaemon(true);
            starting = started;
            thread.start();
        }

        /** The node, started now if it was not; empty with {@code --no-listen}. */
        Optional<ClientNode> get() throws LocalStorageException, InterruptedException {
            if (node == null) {
                node = starting == null ? start(tracker, identity, stateDir, err) : await(starting);
            }
            return node;
        }

        @Override
        public void close() {
            if (node != null) {
                node.ifPresent(ClientNode::close);
            } else if (starting != null) {
                // Still coming up, or up but never asked for: closed once it is.
                starting.thenAccept(started -> started.ifPresent(ClientNode::close));
            }
        }

        /** The started node, or what stopped it, as {@link #start} would have thrown it. */
        private static Optional<ClientNode> await(CompletableFuture<Optional<ClientNode>> starting)
                throws LocalStorageException, InterruptedException {
            try {
                return starting.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof LocalStorageException local) {
                    throw local;
                }
                if (cause instanceof InterruptedException interrupted) {
                    throw interrupted;
                }
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (cause instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException("the node did not start", cause);
            }
        }
    }

    Lazy lazy(InetSocketAddress tracker, NodeIdentity identity, Path stateDir, PrintWriter err) {
        return new Lazy(tracker, identity, stateDir, err);
    }

    private static InetAddress wildcard(InetSocketAddress tracker) {
        try {
            return InetAddress.getByName(tracker.getAddress() instanceof Inet6Address ? "::" : "0.0.0.0");
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a literal address did not parse", e);
        }
    }
}
