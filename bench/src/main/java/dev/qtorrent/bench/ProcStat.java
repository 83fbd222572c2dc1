package dev.qtorrent.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads CPU time and peak memory from Linux's {@code /proc}. Times there are in clock ticks of 1/100 s (USER_HZ,
 * the same on every Linux architecture we build for).
 */
public final class ProcStat {
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcStat() {
    }

    public static boolean available() {
        return Files.isReadable(Path.of("/proc/self/stat"));
    }

    /** User plus system CPU seconds of a live process, or -1 once it is gone. */
    public static double cpuSeconds(long pid) {
        String[] fields = statFields(pid);
        return fields == null ? -1 : (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    }

    /** CPU seconds of this process's children that have exited and been waited for. */
    public static double reapedChildrenCpuSeconds() {
        String[] fields = statFields(ProcessHandle.current().pid());
        return fields == null ? -1 : (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) / TICKS_PER_SECOND;
    }

    /** CPU seconds the whole machine has spent busy (not idle, not waiting for I/O) since boot, or -1. */
    public static double machineBusySeconds() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(cpu[i]);
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The process's peak resident set (VmHWM) in bytes, or -1 once it is gone. */
    public static long peakRssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** The fields of /proc/PID/stat after the command name, which may itself hold spaces and parentheses. */
    private static String[] statFields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
