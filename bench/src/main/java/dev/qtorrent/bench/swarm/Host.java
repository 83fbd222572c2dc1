package dev.qtorrent.bench.swarm;

import java.util.ArrayList;
import java.util.List;

/**
 * One host of the benchmark's network: a network namespace whose interface {@code eth0} has {@code address} and is
 * one end of a veth pair; the other end, {@code switchPort}, is in the switch namespace's bridge.
 */
public record Host(String label, String namespace, String address, String switchPort, Rate upload) {
    /** The interface inside the host's namespace. */
    public static final String DEVICE = "eth0";

    /** The command line that runs {@code command} inside this host's namespace. */
    public List<String> exec(List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(command);
        return full;
    }

    /** The command that prints how many bytes this host has sent, read from its own namespace's sysfs. */
    public List<String> txBytesCommand() {
        return exec(List.of("cat", "/sys/class/net/" + DEVICE + "/statistics/tx_bytes"));
    }
}
