package dev.qtorrent.common.runtime;

import dev.qtorrent.common.quic.Transport;
import io.netty.handler.codec.quic.Quic;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.conscrypt.Conscrypt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SHA-1 digests for checking pieces, from the fastest implementation the process has.
 *
 * <p>The JDK's SHA-1 is fast only once the optimizing compiler (C2) has compiled it with its SHA intrinsic: compiled by
 * the quick compiler (C1) alone, as a client started for one transfer runs best, it hashes about 170 MB/s on these
 * machines. Conscrypt's SHA-1 is BoringSSL's native code and runs at about 1.8 GB/s whatever the JIT does. Its native
 * library takes about 0.2 s of CPU to load, more than a small download spends hashing, so a process that is about to
 * hash enough data asks for it with {@link #loadInBackground}; until it is loaded, and on platforms where it cannot
 * load, digests come from the JDK.
 *
 * <p>The provider is process-wide state, as the native library it wraps is: loading it twice would gain nothing.
 */
public final class PieceDigest {
    /** Data worth loading the native library for: at 170 MB/s less 1.8 GB/s, 0.2 s of CPU hashes about 38 MB. */
    public static final long WORTH_LOADING_BYTES = 64L << 20;
    private static final Logger log = LoggerFactory.getLogger(PieceDigest.class);
    private static final String SHA1 = "SHA-1";
    private static final AtomicBoolean LOADING = new AtomicBoolean();
    private static final CompletableFuture<Optional<Provider>> NATIVE = new CompletableFuture<>();

    private PieceDigest() {
    }

    /** A new SHA-1 digest: the native one once it is loaded, the JDK's before that or when it cannot load. */
    public static MessageDigest sha1() {
        Optional<Provider> provider = NATIVE.getNow(Optional.empty());
        try {
            return provider.isPresent() ? MessageDigest.getInstance(SHA1, provider.get())
                    : MessageDigest.getInstance(SHA1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-1 in " + provider.map(Provider::getName).orElse("the JDK"), e);
        }
    }

    /** {@code current}, or a native digest in its place once the native one has loaded: for use between pieces. */
    public static MessageDigest faster(MessageDigest current) {
        Optional<Provider> provider = NATIVE.getNow(Optional.empty());
        return provider.isPresent() && current.getProvider() != provider.get() ? sha1() : current;
    }

    /**
     * Starts loading the native SHA-1 on a daemon thread unless it is loading or loaded already: for a process about to
     * hash {@code bytes}, when they are at least {@link #WORTH_LOADING_BYTES}. The QUIC transport's native libraries
     * are loaded first, on the caller's thread: on JDK 17 two threads that load native libraries while initializing
     * classes can deadlock.
     */
    public static void loadInBackground(long bytes) {
        if (bytes < WORTH_LOADING_BYTES || !LOADING.compareAndSet(false, true)) {
            return;
        }
        if (Quic.isAvailable()) {
            Transport.detect();
        }
        Thread thread = new Thread(() -> NATIVE.complete(load()), "sha1-native");
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether digests now come from the native library (for tests and logs). */
    public static boolean isNative() {
        return NATIVE.getNow(Optional.empty()).isPresent();
    }

    /** Loads the native library now, on this thread; returns whether digests now come from it (for tests). */
    static boolean loadNow() {
        if (LOADING.compareAndSet(false, true)) {
            NATIVE.complete(load());
        }
        return NATIVE.join().isPresent();
    }

    private static Optional<Provider> load() {
        try {
            if (Conscrypt.isAvailable()) {
                Provider provider = Conscrypt.newProvider();
                MessageDigest.getInstance(SHA1, provider);
                log.debug("SHA-1 from {} {}", provider.getName(), Conscrypt.version());
                return Optional.of(provider);
            }
            Conscrypt.checkAvailability();
        } catch (RuntimeException | LinkageError | NoSuchAlgorithmException e) {
            log.debug("native SHA-1 not available here: {}", e.toString());
        }
        return Optional.empty();
    }
}
