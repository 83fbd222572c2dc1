package dev.qtorrent.bench;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options that say how a benchmark starts our tracker and clients; a mixin of the commands that start both. */
public final class OurProgramOptions {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--start", paramLabel = "HOW", defaultValue = OurPrograms.LAUNCHERS,
            description = "How to start the tracker and the clients: " + OurPrograms.CHOICES + ", with --tracker-jar "
                    + "and --client-jar (default: ${DEFAULT-VALUE}).")
    private String start;

    @Option(names = "--tracker-jar", paramLabel = "JAR", defaultValue = "tracker/target/tracker.jar",
            description = "The tracker jar (default: ${DEFAULT-VALUE}).")
    private Path trackerJar;

    @Option(names = "--client-jar", paramLabel = "JAR", defaultValue = "client/target/client.jar",
            description = "The client jar (default: ${DEFAULT-VALUE}).")
    private Path clientJar;

    /** The programs the options name; a usage error (exit 2) when they are missing or --start is unknown. */
    public OurPrograms programs() {
        try {
            return OurPrograms.of(start, trackerJar, clientJar);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--start: " + e.getMessage());
        }
    }
}
