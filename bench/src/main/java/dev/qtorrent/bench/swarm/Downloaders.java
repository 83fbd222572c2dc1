package dev.qtorrent.bench.swarm;

import dev.qtorrent.bench.ChildProcess;
import dev.qtorrent.bench.ProcStat;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Starts one downloader per client host together and measures them: completion times from a common start, their
 * CPU time together, and the hosts' interface counters before and after.
 */
final class Downloaders {
    /** Starts the downloader of one host. */
    interface Starter {
        ChildProcess start(Host host) throws IOException;
    }

    private Downloaders() {
    }

    static SwarmResult run(String name, Netns netns, Topology topology, Duration timeout, Starter starter)
            throws IOException, InterruptedException {
        List<Host> hosts = topology.hosts();
        long[] before = new long[hosts.size()];
        for (int i = 0; i < hosts.size(); i++) {
            before[i] = netns.txBytes(hosts.get(i));
        }
        // Every downloader is this process's child and is waited for below, so the children's CPU time it has
        // reaped grows by theirs, to the tick, however short their lives.
        double reapedBefore = ProcStat.reapedChildrenCpuSeconds();
        long start = System.nanoTime();
        List<ChildProcess> running = new ArrayList<>();
        for (Host host : topology.clients()) {
            running.add(netns.track(starter.start(host)));
        }
        long deadline = start + timeout.toNanos();
        List<Double> completions = new ArrayList<>();
        for (ChildProcess child : running) {
            Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
            int code = child.await(left);
            if (code != 0) {
                throw new IllegalStateException(child.name() + " failed with exit code " + code + ":"
                        + System.lineSeparator() + child.output());
            }
            completions.add((child.startNanos() - start) / 1e9 + child.elapsedSeconds());
        }
        double cpu = reapedBefore < 0 ? Double.NaN : ProcStat.reapedChildrenCpuSeconds() - reapedBefore;
        long origin = netns.txBytes(topology.origin()) - before[0];
        long all = 0;
        for (int i = 0; i < hosts.size(); i++) {
            all += netns.txBytes(hosts.get(i)) - before[i];
        }
        return new SwarmResult(name, completions, origin, all, OptionalLong.empty(), cpu, Double.NaN);
    }
}
