package dev.qtorrent.bench.swarm;

/**
 * The swarm benchmark cannot run here: network namespaces cannot be made (not root), or a tool it needs is missing.
 * Its message is the one line the user sees.
 */
public final class SwarmUnavailableException extends Exception {
    /** Why, which decides the exit code. */
    public enum Reason {
        NO_NAMESPACES(3),
        MISSING_TOOL(4);

        private final int exitCode;

        Reason(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    private final Reason reason;

    public SwarmUnavailableException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
