package dev.qtorrent.common.runtime;

import dev.qtorrent.common.quic.Transport;
import io.netty.handler.codec.quic.Quic;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the JIT compiler of a short-lived transfer process from taking the CPU the transfer needs. A download started
 * with {@code java -jar} is a fresh JVM whose optimizing compiler (C2) spent 3 to 4 CPU seconds of a 1 GiB loopback
 * download compiling start-up code and Netty's receive path, more than the event loop itself used, on a machine where
 * the tracker competes for the same cores. With large datagrams the Java part of each packet is small next to
 * quiche's and the kernel's, and the quick compiler's (C1) code does it as well; the one hot path that needs C2 is
 * SHA-1, whose intrinsic only C2 emits. So this adds compiler directives, as {@code jcmd Compiler.directives_add}
 * would: C2 for the JDK's message digests, C1 for everything else.
 *
 * <p>The directives go in while the connection is being set up, so that the rest of start-up is not sent to C2 either,
 * and are withdrawn once the connection turns out to carry Ethernet-sized datagrams: then the per-packet Java work is
 * eleven times larger and C2 pays for itself. {@code -Dqtorrent.jit=default} leaves the compiler alone; so does a JVM
 * without the diagnostic command.
 */
public final class TransferJit {
    private static final Logger log = LoggerFactory.getLogger(TransferJit.class);
    /** First match wins: C2 stays for the digest classes, whose SHA-1 intrinsic only C2 emits. */
    private static final String DIRECTIVES = """
            [
              { match: ["sun/security/provider/*.*", "java/security/MessageDigest*.*"], c2: { Exclude: false } },
              { match: ["*.*"], c2: { Exclude: true } }
            ]
            """;
    private static final String DIAGNOSTIC_COMMAND = "com.sun.management:type=DiagnosticCommand";

    private final Object lock = new Object();
    /** Completes with whether the directives went in, once the installing thread is done. */
    private final CompletableFuture<Boolean> installation = new CompletableFuture<>();
    /** Guarded by {@link #lock}. */
    private boolean started;
    private boolean installed;
    private boolean withdrawn;

    private TransferJit() {
    }

    /** One that never changes the compiler: for processes that do more than one transfer. */
    public static TransferJit none() {
        TransferJit jit = new TransferJit();
        jit.withdrawn = true;
        return jit;
    }

    /**
     * One for a process started for one transfer: {@link #start} installs the directives unless
     * {@code -Dqtorrent.jit=default} was given.
     */
    public static TransferJit forThisProcess() {
        return "default".equals(System.getProperty("qtorrent.jit")) ? none() : new TransferJit();
    }

    /**
     * Starts installing the directives on a background thread: reaching the diagnostic command loads the management
     * classes, about 140 ms of work that the caller need not wait for. The transport's native libraries are loaded
     * first, on the caller's thread: on JDK 17 two threads that load native libraries while initializing classes can
     * deadlock, and the management classes load one.
     */
    public void start() {
        synchronized (lock) {
            if (withdrawn || started) {
                installation.complete(installed);
                return;
            }
            started = true;
        }
        if (Quic.isAvailable()) {
            Transport.detect();
        }
        Thread thread = new Thread(this::install, "jit-directives");
        thread.setDaemon(true);
        thread.start();
    }

    /** Keeps the directives only for a connection that receives large datagrams. */
    public void keepIf(boolean largeDatagrams) {
        if (!largeDatagrams) {
            withdraw();
        }
    }

    /** Gives the compiler back its defaults, now or instead of installing. */
    public void withdraw() {
        synchronized (lock) {
            if (withdrawn) {
                return;
            }
            withdrawn = true;
            if (installed) {
                invoke("compilerDirectivesClear", new String[0]);
            }
        }
    }

    private void install() {
        Path file = null;
        try {
            file = Files.createTempFile("qtorrent-jit", ".json");
            Files.writeString(file, DIRECTIVES, StandardCharsets.UTF_8);
            synchronized (lock) {
                if (!withdrawn) {
                    installed = invoke("compilerDirectivesAdd", new String[] {file.toString()});
                }
            }
        } catch (IOException e) {
            log.debug("compiler directives not installed: {}", e.toString());
        } finally {
            synchronized (lock) {
                installation.complete(installed);
            }
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    log.debug("cannot delete {}: {}", file, e.toString());
                }
            }
        }
    }

    /** Whether the directives are in place once installing is over (for tests). */
    boolean awaitInstalled() throws InterruptedException, ExecutionException {
        boolean result = installation.get();
        synchronized (lock) {
            return result && installed && !withdrawn;
        }
    }

    /** Runs a diagnostic command, as jcmd would; false if this JVM does not offer it. */
    private static boolean invoke(String command, String[] arguments) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            Object answer = server.invoke(new ObjectName(DIAGNOSTIC_COMMAND), command, new Object[] {arguments},
                    new String[] {String[].class.getName()});
            log.debug("{}: {}", command, String.valueOf(answer).strip());
            return true;
        } catch (JMException | RuntimeException | LinkageError e) {
            log.debug("{} failed: {}", command, e.toString());
            return false;
        }
    }
}
