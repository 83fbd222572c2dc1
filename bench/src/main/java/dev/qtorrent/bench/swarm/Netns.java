package dev.qtorrent.bench.swarm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Builds a {@link Topology} and takes it down again: on {@link #close()}, on Ctrl-C or SIGTERM (a shutdown hook) and
 * after a failure. Before building it removes what earlier runs of the benchmark left behind.
 */
final class Netns implements AutoCloseable {
    private final Topology topology;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread hook = new Thread(this::removeQuietly, "swarm-cleanup");
    private final List<AutoCloseable> processes = new ArrayList<>();
    private final List<Runnable> afterwards = new ArrayList<>();

    private Netns(Topology topology) {
        this.topology = topology;
    }

    /**
     * Removes leftovers, then builds {@code topology}. The first namespace made tells whether this process may make
     * namespaces at all.
     */
    static Netns create(Topology topology, java.io.PrintWriter out) throws IOException, InterruptedException,
            SwarmUnavailableException {
        List<String> stale = Cleanup.leftovers(run(List.of("ip", "netns", "list")).lines().toList(),
                ProcessHandle.current().pid(), pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        if (!stale.isEmpty()) {
            out.println("removing namespaces left by an earlier run: " + String.join(" ", stale));
            remove(stale);
        }
        Netns netns = new Netns(topology);
        Runtime.getRuntime().addShutdownHook(netns.hook);
        List<List<String>> commands = topology.setupCommands();
        try {
            run(commands.get(0));
        } catch (IOException e) {
            netns.close();
            throw new SwarmUnavailableException(SwarmUnavailableException.Reason.NO_NAMESPACES,
                    "cannot create network namespaces (run as root, with CAP_SYS_ADMIN and CAP_NET_ADMIN): "
                            + e.getMessage());
        }
        try {
            for (List<String> command : commands.subList(1, commands.size())) {
                run(command);
            }
        } catch (IOException | RuntimeException e) {
            netns.close();
            throw e;
        }
        return netns;
    }

    /** A process started in one of the namespaces, stopped before they are removed. */
    synchronized <T extends AutoCloseable> T track(T process) {
        processes.add(process);
        return process;
    }

    /** Something to do once the namespaces are gone, also on Ctrl-C: removing the work folder, for one. */
    synchronized void afterwards(Runnable action) {
        afterwards.add(action);
    }

    /** Bytes sent so far by {@code host}'s interface. */
    long txBytes(Host host) throws IOException, InterruptedException {
        return Long.parseLong(run(host.txBytesCommand()).trim());
    }

    /** Runs a command to its end; returns its standard output, or fails with its standard error. */
    static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        process.getOutputStream().close();
        byte[] stdout = process.getInputStream().readAllBytes();
        byte[] stderr = process.getErrorStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + ": did not finish");
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + ": "
                    + new String(stderr, StandardCharsets.UTF_8).trim());
        }
        return new String(stdout, StandardCharsets.UTF_8);
    }

    /** Kills what still runs in each namespace (only our own processes can be there), then deletes it. */
    private static void remove(List<String> namespaces) throws InterruptedException {
        for (String ns : namespaces) {
            try {
                Arrays.stream(run(List.of("ip", "netns", "pids", ns)).split("\\s+")).filter(s -> !s.isBlank())
                        .map(Long::parseLong)
                        .forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            } catch (IOException | RuntimeException e) {
                // The namespace may be gone already; deleting it below says so if it matters.
            }
        }
        for (List<String> command : Cleanup.commands(namespaces)) {
            try {
                run(command);
            } catch (IOException e) {
                if (!e.getMessage().contains("No such file")) {
                    System.err.println("swarm: cleanup: " + e.getMessage());
                }
            }
        }
    }

    private void removeQuietly() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<AutoCloseable> running;
        synchronized (this) {
            running = new ArrayList<>(processes);
        }
        for (AutoCloseable process : running) {
            try {
                process.close();
            } catch (Exception e) {
                // Killed with its namespace below.
            }
        }
        try {
            remove(topology.namespaces());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Runnable> actions;
        synchronized (this) {
            actions = new ArrayList<>(afterwards);
        }
        actions.forEach(Runnable::run);
    }

    @Override
    public void close() {
        removeQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook is this very call.
        }
    }
}
