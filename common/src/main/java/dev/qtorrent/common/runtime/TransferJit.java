package dev.qtorrent.common.runtime;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.JMException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the JIT compiler of a short-lived transfer process from taking the CPU the transfer needs. A download started
 * with {@code java -jar} is a fresh JVM whose optimizing compiler (C2) spent 3 to 4 CPU seconds of a 1 GiB loopback
 * download compiling Netty's receive path, more than the event loop itself used, on a machine where the tracker
 * competes for the same cores. With large datagrams the Java part of each packet is small next to quiche's and the
 * kernel's, and the quick compiler's (C1) code does it as well; the one hot path that needs C2 is SHA-1, whose
 * intrinsic only C2 emits. So this adds compiler directives, as {@code jcmd Compiler.directives_add} would: C2 for
 * the JDK's message digests, C1 for everything else. With Ethernet-sized datagrams the per-packet Java work is eleven
 * times larger and C2 pays for itself, so callers apply this only to connections with large datagrams.
 *
 * <p>{@code -Dqtorrent.jit=default} leaves the compiler alone; so does a JVM without the diagnostic command.
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

    private TransferJit() {
    }

    /**
     * Installs the directives on a background thread: reaching the diagnostic command loads the management classes,
     * about 140 ms of work that the caller need not wait for.
     */
    public static void forBulkTransfer() {
        if ("default".equals(System.getProperty("qtorrent.jit"))) {
            return;
        }
        Thread thread = new Thread(TransferJit::install, "jit-directives");
        thread.setDaemon(true);
        thread.start();
    }

    private static void install() {
        Path file = null;
        try {
            file = Files.createTempFile("qtorrent-jit", ".json");
            Files.writeString(file, DIRECTIVES, StandardCharsets.UTF_8);
            Object answer = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                    new Object[] {new String[] {file.toString()}}, new String[] {String[].class.getName()});
            log.debug("compiler directives: {}", String.valueOf(answer).strip());
        } catch (IOException | JMException | RuntimeException | LinkageError e) {
            log.debug("compiler directives not installed: {}", e.toString());
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    log.debug("cannot delete {}: {}", file, e.toString());
                }
            }
        }
    }
}
