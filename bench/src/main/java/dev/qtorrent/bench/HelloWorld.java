package dev.qtorrent.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Downloads of a 12-byte file, each by a fresh client process: what a user waits for when the transfer itself takes
 * no time, that is start-up, connecting and announcing, and exit. The client starts the fast documented way, through
 * the repository's {@code bin/qtorrent-client}, when the benchmark runs from the repository root with that launcher's
 * jar, and with plain {@code java -jar} otherwise.
 */
final class HelloWorld {
    static final String NAME = "hello_world.txt";
    static final String CONTENT = "Hello World!";
    static final String LAUNCHER = "bin/qtorrent-client";
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);

    /** One download: seconds from process start to exit, and CPU seconds. */
    record Run(double seconds, double cpuSeconds) {
    }

    /** The runs of one benchmark and how the client was started. */
    record Result(String startedWith, List<Run> runs) {
    }

    private HelloWorld() {
    }

    /**
     * The launcher, when it is in {@code root} (the repository) and starts the same jar as {@code clientJar}; empty
     * otherwise.
     */
    static Optional<Path> launcher(Path root, Path clientJar) {
        Path launcher = root.toAbsolutePath().resolve(LAUNCHER);
        Path itsJar = root.toAbsolutePath().resolve("client").resolve("target").resolve("client.jar");
        return Files.isExecutable(launcher) && itsJar.normalize().equals(clientJar.toAbsolutePath().normalize())
                ? Optional.of(launcher) : Optional.empty();
    }

    /**
     * Runs {@code n} downloads one after the other. The CPU time of each is the growth of this process's total for
     * children that exited and were waited for (/proc/self/stat's cutime and cstime, which is what wait4's rusage
     * adds up): it covers the whole process, including its last milliseconds, which sampling /proc/PID/stat cannot
     * see once the process is gone, and nothing else, since no other child of the benchmark exits meanwhile. The
     * launcher replaces its shell with the JVM ({@code exec}), so the child measured is the JVM itself.
     */
    static Result run(Lab lab, Path clientJar, Quiet quiet, int n) throws IOException, InterruptedException {
        Optional<Path> launcher = launcher(Path.of(""), clientJar);
        Path torrent = lab.work().relativize(lab.seedFile().resolveSibling(NAME + ".torrent"));
        List<Run> runs = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            Path out = lab.work().resolve("out").resolve("hello-" + i);
            List<String> command = new ArrayList<>();
            if (launcher.isPresent()) {
                command.add(launcher.get().toString());
            } else {
                command.addAll(lab.java(List.of()));
                command.addAll(List.of("-jar", clientJar.toAbsolutePath().toString()));
            }
            command.addAll(List.of("download", torrent.toString(), lab.work().relativize(out.resolve(NAME))
                    .toString()));
            quiet.await();
            double before = ProcStat.reapedChildrenCpuSeconds();
            ChildProcess client = ChildProcess.start("hello-world client " + i, command, lab.work(),
                    Map.of("QTORRENT_LOG_FILE", lab.work().resolve("logs").resolve("client-hello-" + i + ".log")
                            .toString()));
            int code = client.await(RUN_TIMEOUT);
            double after = ProcStat.reapedChildrenCpuSeconds();
            if (code != 0 || !CONTENT.equals(Files.readString(out.resolve(NAME)))) {
                throw new IllegalStateException("hello-world download " + i + " failed (exit code " + code + "):"
                        + System.lineSeparator() + client.output());
            }
            BenchFiles.deleteTree(out);
            runs.add(new Run(client.elapsedSeconds(), before >= 0 ? after - before : client.cpuSeconds()));
        }
        return new Result(launcher.isPresent() ? LAUNCHER + describeArchive(launcher.get()) : "java -jar", runs);
    }

    /** Whether the launcher will find the class-data archive it uses when the build wrote one. */
    private static String describeArchive(Path launcher) throws IOException {
        Path target = launcher.getParent().resolveSibling("client").resolve("target");
        Path archive = target.resolve("client.jsa");
        boolean fresh = Files.isRegularFile(archive) && Files.getLastModifiedTime(archive)
                .compareTo(Files.getLastModifiedTime(target.resolve("client.jar"))) > 0;
        return fresh ? " (with its class-data archive)" : " (no class-data archive: the build skipped it)";
    }
}
