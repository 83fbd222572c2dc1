package dev.qtorrent.client;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns Ctrl-C (SIGINT) and SIGTERM during a download into a clean stop instead of the JVM's immediate exit: the
 * thread running the download is interrupted, records the pieces it has on disk and says what it kept, and the
 * command returns (130 for INT, 143 for TERM). After a stopped TERM the process still ends, with 143, once the
 * download has saved its progress; after INT a console goes on with its next line.
 *
 * <p>With no download running, or on a second signal while a stop is under way, a signal has its usual effect: the
 * JVM ends with 128 + the signal number. One instance per process is installed by {@code main}; an instance made by
 * {@link #unhandled()} is never called by the operating system, and tests {@link #deliver} signals to it by hand.
 */
public final class StopSignals {
    private static final Logger log = LoggerFactory.getLogger(StopSignals.class);
    /** How long a TERM waits for the download to save its progress before the process ends anyway. */
    private static final long TERM_GRACE_SECONDS = 20;

    /** The signals handled, by their names for {@link Signal}. */
    public enum Kind { INT, TERM }

    private final Map<Kind, Runnable> defaults = new EnumMap<>(Kind.class);
    private final List<Scope> scopes = new ArrayList<>();

    private StopSignals() {
    }

    /** Stops that only {@link #deliver} triggers, and whose signals without a download do nothing. */
    public static StopSignals unhandled() {
        return new StopSignals();
    }

    /**
     * Takes over SIGINT and SIGTERM for this process. A signal the platform does not offer (or that the JVM keeps
     * for itself, as with {@code -Xrs}) keeps its default effect.
     */
    public static StopSignals install() {
        StopSignals stops = new StopSignals();
        synchronized (stops.scopes) {
            for (Kind kind : Kind.values()) {
                try {
                    Signal signal = new Signal(kind.name());
                    SignalHandler previous = Signal.handle(signal, s -> stops.deliver(kind));
                    // The default effect is the previous handler's, reached by putting it back and raising again.
                    stops.defaults.put(kind, () -> {
                        Signal.handle(signal, previous);
                        Signal.raise(signal);
                    });
                } catch (IllegalArgumentException | UnsupportedOperationException e) {
                    log.debug("SIG{} keeps its default effect: {}", kind, e.getMessage());
                }
            }
        }
        return stops;
    }

    /**
     * Makes signals stop the calling thread's work, until the scope is closed. The work sees the stop as an
     * interrupt ({@link InterruptedException}, or a channel closed by interrupt) and asks {@link Scope#received()}.
     */
    public Scope scope() {
        Scope scope = new Scope(Thread.currentThread());
        synchronized (scopes) {
            scopes.add(scope);
        }
        return scope;
    }

    /** What the handler does with a signal; tests call it to stand in for the operating system. */
    public void deliver(Kind kind) {
        List<Scope> stopping = new ArrayList<>();
        Runnable fallback;
        synchronized (scopes) {
            for (Scope scope : scopes) {
                if (scope.received == null) {
                    scope.received = kind;
                    stopping.add(scope);
                }
            }
            fallback = defaults.getOrDefault(kind, () -> { });
        }
        if (stopping.isEmpty()) {
            // Nothing to stop, or a stop that is already under way: the user wants out now.
            fallback.run();
            return;
        }
        log.info("SIG{}: stopping {} download(s)", kind, stopping.size());
        stopping.forEach(scope -> scope.thread.interrupt());
        if (kind == Kind.TERM) {
            stopping.forEach(Scope::awaitClosed);
            fallback.run();
        }
    }

    /** The span of one download during which a signal stops it; close it when the download has ended. */
    public final class Scope implements AutoCloseable {
        private final Thread thread;
        /** Guarded by {@code scopes}. */
        private Kind received;
        private boolean closed;

        private Scope(Thread thread) {
            this.thread = thread;
        }

        /** The signal that stopped this scope's work, if one did. */
        public Optional<Kind> received() {
            synchronized (scopes) {
                return Optional.ofNullable(received);
            }
        }

        private void awaitClosed() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TERM_GRACE_SECONDS);
            synchronized (scopes) {
                try {
                    while (!closed && System.nanoTime() < deadline) {
                        scopes.wait(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 1);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** Ends the scope; a stop's interrupt is cleared so that it cannot reach whatever the thread does next. */
        @Override
        public void close() {
            synchronized (scopes) {
                scopes.remove(this);
                closed = true;
                scopes.notifyAll();
                if (received != null && Thread.currentThread() == thread) {
                    Thread.interrupted();
                }
            }
        }
    }
}
