package dev.qtorrent.bench.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The network plan, checked command by command: nothing here runs them. */
class TopologyTest {
    private static final Rate ORIGIN = Rate.parse("80mbit");
    private static final Rate CLIENT = Rate.parse("160mbit");
    private final Topology topology = Topology.plan("qtswarm-42-", 3, ORIGIN, CLIENT);

    @Test
    void oneNamespacePerHostPlusTheSwitchAllUnderThePrefix() {
        assertEquals(List.of("qtswarm-42-switch", "qtswarm-42-origin", "qtswarm-42-c1", "qtswarm-42-c2",
                "qtswarm-42-c3"), topology.namespaces());
        assertEquals(List.of("10.77.0.1", "10.77.0.11", "10.77.0.12", "10.77.0.13"),
                topology.hosts().stream().map(Host::address).toList());
    }

    @Test
    void everyCommandNamesANamespaceOfThisRunSoTheRootNamespaceIsNeverChanged() {
        Set<String> ours = new HashSet<>(topology.namespaces());
        for (List<String> command : topology.setupCommands()) {
            String ns;
            if (command.get(0).equals("ip") && command.get(1).equals("netns")) {
                assertEquals("add", command.get(2), command.toString());
                ns = command.get(3);
            } else {
                assertEquals("-n", command.get(1), command.toString());
                ns = command.get(2);
            }
            assertTrue(ours.contains(ns), command.toString());
            assertFalse(command.contains("route"), command.toString());
            int moved = command.indexOf("netns");
            if (command.contains("veth")) {
                assertTrue(ours.contains(command.get(moved + 1)), "the peer end moves at once: " + command);
            }
        }
    }

    @Test
    void eachHostIsAddressedInsideItsNamespaceJoinedToTheBridgeAndShaped() {
        List<List<String>> commands = topology.setupCommands();
        assertEquals(List.of("ip", "netns", "add", "qtswarm-42-switch"), commands.get(0));
        assertTrue(commands.contains(List.of("ip", "-n", "qtswarm-42-switch", "link", "add", "br0", "type",
                "bridge")));
        for (Host host : topology.hosts()) {
            assertTrue(commands.contains(List.of("ip", "-n", "qtswarm-42-switch", "link", "add", host.switchPort(),
                    "type", "veth", "peer", "name", "eth0", "netns", host.namespace())), host.label());
            assertTrue(commands.contains(List.of("ip", "-n", "qtswarm-42-switch", "link", "set", host.switchPort(),
                    "master", "br0", "up")), host.label());
            assertTrue(commands.contains(List.of("ip", "-n", host.namespace(), "addr", "add",
                    host.address() + "/24", "dev", "eth0")), host.label());
            assertTrue(commands.contains(TrafficShaper.limit(host.namespace(), "eth0", host.upload())));
            // A namespace exists before anything is put into it.
            assertTrue(commands.indexOf(List.of("ip", "netns", "add", host.namespace()))
                    < commands.indexOf(TrafficShaper.limit(host.namespace(), "eth0", host.upload())));
        }
        assertEquals(ORIGIN, topology.origin().upload());
        topology.clients().forEach(c -> assertEquals(CLIENT, c.upload()));
    }

    @Test
    void interfaceNamesFitTheKernelsFifteenCharactersAtTheLargestSwarm() {
        Topology largest = Topology.plan("qtswarm-4194304-", Topology.MAX_CLIENTS, ORIGIN, CLIENT);
        for (Host host : largest.hosts()) {
            assertTrue(host.switchPort().length() <= 15, host.switchPort());
        }
        assertEquals(Topology.MAX_CLIENTS, new HashSet<>(largest.hosts().stream().map(Host::address).toList())
                .size() - 1);
    }

    @Test
    void commandsInsideAHostRunThroughIpNetnsExec() {
        Host c2 = topology.clients().get(1);
        assertEquals(List.of("ip", "netns", "exec", "qtswarm-42-c2", "cat", "/sys/class/net/eth0/statistics/tx_bytes"),
                c2.txBytesCommand());
    }

    @Test
    void refusesNoDownloaderOrMoreThanTheSubnetHolds() {
        assertThrows(IllegalArgumentException.class, () -> Topology.plan("p-", 0, ORIGIN, CLIENT));
        assertThrows(IllegalArgumentException.class,
                () -> Topology.plan("p-", Topology.MAX_CLIENTS + 1, ORIGIN, CLIENT));
    }
}
