package dev.qtorrent.bench.swarm;

import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's network, as a plan of commands: a switch namespace holding a bridge without an address, and one
 * namespace per host joined to it by a veth pair, with a 10.77.0.0/24 address inside. Nothing connects to the root
 * namespace and no host has a route beyond its subnet, so all traffic stays on the bridge. Every name starts with
 * {@code prefix}, which is unique per run.
 */
public record Topology(String prefix, String switchNamespace, Host origin, List<Host> clients) {
    static final String BRIDGE = "br0";
    static final String SUBNET = "10.77.0.";
    static final int MAX_CLIENTS = 200;

    public Topology {
        clients = List.copyOf(clients);
    }

    /** The topology of one run: the origin at 10.77.0.1, downloaders from 10.77.0.11 on. */
    public static Topology plan(String prefix, int clients, Rate originRate, Rate clientRate) {
        if (clients < 1 || clients > MAX_CLIENTS) {
            throw new IllegalArgumentException("clients must be 1 to " + MAX_CLIENTS);
        }
        Host origin = new Host("origin", prefix + "origin", SUBNET + 1, "p-origin", originRate);
        List<Host> downloaders = new ArrayList<>();
        for (int i = 1; i <= clients; i++) {
            downloaders.add(new Host("c" + i, prefix + "c" + i, SUBNET + (10 + i), "p-c" + i, clientRate));
        }
        return new Topology(prefix, prefix + "switch", origin, downloaders);
    }

    public List<Host> hosts() {
        List<Host> all = new ArrayList<>();
        all.add(origin);
        all.addAll(clients);
        return all;
    }

    /**
     * The commands that build the network, in order. The veth pairs are created inside the switch namespace with
     * their host end moved at once, so no interface ever appears in the root namespace.
     */
    public List<List<String>> setupCommands() {
        List<List<String>> commands = new ArrayList<>();
        commands.add(List.of("ip", "netns", "add", switchNamespace));
        commands.add(List.of("ip", "-n", switchNamespace, "link", "add", BRIDGE, "type", "bridge"));
        commands.add(List.of("ip", "-n", switchNamespace, "link", "set", BRIDGE, "up"));
        for (Host host : hosts()) {
            String ns = host.namespace();
            commands.add(List.of("ip", "netns", "add", ns));
            commands.add(List.of("ip", "-n", switchNamespace, "link", "add", host.switchPort(), "type", "veth",
                    "peer", "name", Host.DEVICE, "netns", ns));
            commands.add(List.of("ip", "-n", switchNamespace, "link", "set", host.switchPort(), "master", BRIDGE,
                    "up"));
            commands.add(List.of("ip", "-n", ns, "addr", "add", host.address() + "/24", "dev", Host.DEVICE));
            commands.add(List.of("ip", "-n", ns, "link", "set", Host.DEVICE, "up"));
            commands.add(List.of("ip", "-n", ns, "link", "set", "lo", "up"));
            commands.add(TrafficShaper.limit(ns, Host.DEVICE, host.upload()));
        }
        return commands;
    }

    /** Every namespace this topology creates; deleting them removes their interfaces and the bridge too. */
    public List<String> namespaces() {
        List<String> names = new ArrayList<>();
        names.add(switchNamespace);
        hosts().forEach(h -> names.add(h.namespace()));
        return names;
    }
}
