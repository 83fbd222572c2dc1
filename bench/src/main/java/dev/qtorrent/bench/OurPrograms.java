package dev.qtorrent.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How a benchmark starts our tracker and our clients: the commands that come before their own arguments.
 *
 * @param tracker the tracker's command, for example {@code [bin/qtorrent-tracker]}
 * @param client  the client's command
 * @param label   how the report names the way they were started
 */
public record OurPrograms(List<String> tracker, List<String> client, String label) {
    /** The way the benchmark starts them unless told otherwise. */
    public static final String LAUNCHERS = "launchers";
    public static final String JAVA_JAR = "java-jar";
    /** What a {@code --start} option says about its values. */
    public static final String CHOICES = LAUNCHERS + " (bin/qtorrent-tracker and bin/qtorrent-client, the fast, "
            + "documented way; run from the repository root) or " + JAVA_JAR + " (java -jar with the JVM that runs "
            + "the benchmark)";

    public OurPrograms {
        tracker = List.copyOf(tracker);
        client = List.copyOf(client);
    }

    /**
     * The programs a {@code --start} option names ({@link #LAUNCHERS} or {@link #JAVA_JAR}).
     *
     * @throws IllegalArgumentException for another value, or when the launchers or jars are missing
     */
    public static OurPrograms of(String how, Path trackerJar, Path clientJar) {
        return switch (how) {
            case LAUNCHERS -> launchers(Path.of("bin"));
            case JAVA_JAR -> javaJar(trackerJar, clientJar);
            default -> throw new IllegalArgumentException("expected " + LAUNCHERS + " or " + JAVA_JAR + ", got " + how);
        };
    }

    /** The launcher scripts in {@code bin}, which start fast (see the README), with absolute paths. */
    public static OurPrograms launchers(Path bin) {
        return new OurPrograms(List.of(existing(bin.resolve("qtorrent-tracker"))),
                List.of(existing(bin.resolve("qtorrent-client"))), "bin/qtorrent-tracker, bin/qtorrent-client");
    }

    /** Plain {@code java -jar} with the JVM that runs the benchmark. */
    public static OurPrograms javaJar(Path trackerJar, Path clientJar) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new OurPrograms(List.of(java, "-jar", existing(trackerJar)), List.of(java, "-jar", existing(clientJar)),
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
