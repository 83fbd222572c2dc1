package dev.qtorrent.bench.swarm;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * What to remove: a run's own namespaces at its end, and at its start those that earlier runs left behind. Every
 * namespace is named {@code qtswarm-<pid>-...} after the benchmark process that made it, so a leftover is one whose
 * process is gone (or whose pid is now this run's), and a concurrent run's namespaces are never touched.
 */
public final class Cleanup {
    static final String ROOT = "qtswarm-";

    private Cleanup() {
    }

    /** The prefix of the namespaces of the benchmark process {@code pid}. */
    public static String prefix(long pid) {
        return ROOT + pid + "-";
    }

    /** The commands that delete {@code namespaces}, hosts before the switch (deleting a host's takes its veth). */
    public static List<List<String>> commands(List<String> namespaces) {
        List<List<String>> commands = new ArrayList<>();
        for (int i = namespaces.size() - 1; i >= 0; i--) {
            commands.add(List.of("ip", "netns", "del", namespaces.get(i)));
        }
        return commands;
    }

    /**
     * The leftovers among the lines of {@code ip netns list} (a name, sometimes followed by {@code (id: N)}): ours,
     * made by a process that is no longer alive, or by this process's pid in an earlier life.
     */
    public static List<String> leftovers(List<String> netnsList, long ownPid, LongPredicate alive) {
        List<String> stale = new ArrayList<>();
        for (String line : netnsList) {
            String name = line.trim().split("\\s+")[0];
            if (!name.startsWith(ROOT)) {
                continue;
            }
            String rest = name.substring(ROOT.length());
            int dash = rest.indexOf('-');
            if (dash <= 0) {
                continue;
            }
            long pid;
            try {
                pid = Long.parseLong(rest.substring(0, dash));
            } catch (NumberFormatException e) {
                continue;
            }
            if (pid == ownPid || !alive.test(pid)) {
                stale.add(name);
            }
        }
        return stale;
    }
}
