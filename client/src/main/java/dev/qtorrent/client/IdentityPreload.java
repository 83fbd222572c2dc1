package dev.qtorrent.client;

import dev.qtorrent.common.tls.NodeIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The client's identity, read on a thread of its own while the process starts. Reading it (parsing the PEM files and
 * checking that key and certificate belong together) takes a fresh JVM a few tens of milliseconds, which a download
 * would otherwise spend before it can connect; started first thing, it overlaps with setting up logging and the
 * command line. Nothing is created or reported here: {@link ClientIdentity#load(Path, IdentityPreload)} takes what was
 * read, and reads again itself, reporting as always, when this failed. No logger here, so that starting it does not
 * start logging.
 */
public final class IdentityPreload {
    /** Nothing read ahead. */
    public static final IdentityPreload NONE = new IdentityPreload(null, null);

    private final Path stateDir;
    private final FutureTask<NodeIdentity> read;

    private IdentityPreload(Path stateDir, FutureTask<NodeIdentity> read) {
        this.stateDir = stateDir;
        this.read = read;
    }

    /** Starts reading the identity in {@code stateDir}, if both of its files are there. */
    public static IdentityPreload start(Path stateDir) {
        if (!Files.exists(stateDir.resolve(NodeIdentity.Role.PEER.keyFile()))
                || !Files.exists(stateDir.resolve(NodeIdentity.Role.PEER.certificateFile()))) {
            return NONE;
        }
        FutureTask<NodeIdentity> read = new FutureTask<>(() ->
                NodeIdentity.loadOrCreate(stateDir, NodeIdentity.Role.PEER, null));
        Thread thread = new Thread(read, "identity-read");
        thread.setDaemon(true);
        thread.start();
        return new IdentityPreload(stateDir, read);
    }

    /** The identity read from {@code dir}, once read; empty when another folder was read or reading failed. */
    Optional<NodeIdentity> take(Path dir) {
        if (read == null || !dir.equals(stateDir)) {
            return Optional.empty();
        }
        try {
            return Optional.of(read.get());
        } catch (ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
