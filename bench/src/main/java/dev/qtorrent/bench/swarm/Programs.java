package dev.qtorrent.bench.swarm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How the swarm benchmark starts the tracker and the clients: the commands that come before their own arguments.
 *
 * @param tracker the tracker's command, for example {@code [bin/qtorrent-tracker]}
 * @param client  the client's command
 * @param label   how the report names the way they were started
 */
public record Programs(List<String> tracker, List<String> client, String label) {
    /** The way the benchmark starts them unless told otherwise. */
    public static final String LAUNCHERS = "launchers";
    public static final String JAVA_JAR = "java-jar";

    public Programs {
        tracker = List.copyOf(tracker);
        client = List.copyOf(client);
    }

    /** The launcher scripts in {@code bin}, which start fast (see the README), with absolute paths. */
    public static Programs launchers(Path bin) {
        return new Programs(List.of(existing(bin.resolve("qtorrent-tracker"))),
                List.of(existing(bin.resolve("qtorrent-client"))), "bin/qtorrent-tracker, bin/qtorrent-client");
    }

    /** Plain {@code java -jar} with the JVM that runs the benchmark. */
    public static Programs javaJar(Path trackerJar, Path clientJar) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new Programs(List.of(java, "-jar", existing(trackerJar)), List.of(java, "-jar", existing(clientJar)),
                "java -jar");
    }

    private static String existing(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " not found: build first (mvn -B -ntp package -DskipTests) "
                    + "and run from the repository root");
        }
        return file.toAbsolutePath().toString();
    }
}
