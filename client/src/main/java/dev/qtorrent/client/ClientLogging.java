package dev.qtorrent.client;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;
import dev.qtorrent.common.logging.LogbackSetup;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The client's logging: only errors on standard error, so that the commands' own output stays readable; INFO and above
 * in {@code client.log} in the {@link StateDir state folder}, or the file {@code QTORRENT_LOG_FILE} names, which keeps
 * three rolled files. When that file cannot be written, standard error says so in one line and the client runs without
 * a log file, instead of logback printing its status and a stack trace on every run.
 */
public final class ClientLogging extends ContextAwareBase implements Configurator {
    static final String LOG_FILE_VARIABLE = "QTORRENT_LOG_FILE";
    /** The {@code --state-dir} of the command line, set by {@link #useStateDirOf} before logging starts. */
    static final String STATE_DIR_PROPERTY = "qtorrent.state.dir";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (LogbackSetup.xmlRequested(getClass().getClassLoader())) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        configure(context, environment(System.getenv(), System.getProperties()), System.getProperty("user.home"),
                System.err);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Sets up {@code context}; returns the log file, or null when logging to a file is off. */
    static Path configure(LoggerContext context, Map<String, String> env, String home, PrintStream err) {
        Path file = logFile(env, home);
        try {
            writable(file);
        } catch (IOException e) {
            err.println("client: logging is off: cannot write " + file + " (" + reason(e) + "); set "
                    + LOG_FILE_VARIABLE + " to a file that can be written");
            err.flush();
            file = null;
        }
        LogbackSetup.apply(context, Level.INFO, new LogbackSetup.Console(true, Level.ERROR),
                file == null ? null : new LogbackSetup.RollingFile(file.toString(), 3));
        return file;
    }

    /**
     * Makes the log follow a {@code --state-dir} on the command line, by noting it in {@code properties} (the
     * system properties, in {@code main}). Logging starts before picocli parses the arguments (the first class with a
     * logger starts it), so {@code main} looks for the option itself, first.
     */
    public static void useStateDirOf(String[] args, Properties properties) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--state-dir") && i + 1 < args.length) {
                properties.setProperty(STATE_DIR_PROPERTY, args[i + 1]);
            } else if (args[i].startsWith("--state-dir=")) {
                properties.setProperty(STATE_DIR_PROPERTY, args[i].substring("--state-dir=".length()));
            }
        }
    }

    /**
     * The environment as logging sees it: {@code QTORRENT_LOG_FILE} may also come as a system property, and a
     * {@code --state-dir} puts the log in that folder unless {@code QTORRENT_LOG_FILE} names a file.
     */
    static Map<String, String> environment(Map<String, String> env, Properties properties) {
        Map<String, String> merged = new HashMap<>(env);
        String named = properties.getProperty(LOG_FILE_VARIABLE);
        if (named != null) {
            merged.put(LOG_FILE_VARIABLE, named);
        }
        String stateDir = properties.getProperty(STATE_DIR_PROPERTY);
        if (stateDir != null && !merged.containsKey(LOG_FILE_VARIABLE)) {
            merged.put(LOG_FILE_VARIABLE, Path.of(stateDir, "client.log").toString());
        }
        return merged;
    }

    static Path logFile(Map<String, String> env, String home) {
        String named = env.get(LOG_FILE_VARIABLE);
        if (named != null && !named.isEmpty()) {
            return Path.of(named);
        }
        return StateDir.resolve(env, home).resolve("client.log");
    }

    /** Creates the file's folder and opens the file for appending, as logback will, to learn whether that works. */
    private static void writable(Path file) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null) {
            Files.createDirectories(folder);
        }
        try (OutputStream ignored = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            // Opening is the test.
        }
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
