package dev.qtorrent.bench.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CleanupTest {
    @Test
    void deletesHostsBeforeTheSwitch() {
        Topology topology = Topology.plan(Cleanup.prefix(7), 2, Rate.parse("80mbit"), Rate.parse("80mbit"));
        assertEquals(List.of(
                        List.of("ip", "netns", "del", "qtswarm-7-c2"),
                        List.of("ip", "netns", "del", "qtswarm-7-c1"),
                        List.of("ip", "netns", "del", "qtswarm-7-origin"),
                        List.of("ip", "netns", "del", "qtswarm-7-switch")),
                Cleanup.commands(topology.namespaces()));
    }

    @Test
    void leftoversAreOursFromDeadRunsOrFromThisPidNeverAConcurrentRunsOrAnotherTools() {
        Set<Long> alive = Set.of(100L, 200L);
        List<String> netnsList = List.of(
                "qtswarm-300-c1 (id: 4)",
                "qtswarm-300-switch (id: 3)",
                "qtswarm-200-origin (id: 2)",
                "qtswarm-100-c1",
                "qtswarm-x-c1",
                "qtswarm--c1",
                "other-300-c1",
                "docker-ns");
        assertEquals(List.of("qtswarm-300-c1", "qtswarm-300-switch", "qtswarm-100-c1"),
                Cleanup.leftovers(netnsList, 100, alive::contains));
    }

    @Test
    void thePrefixNamesTheProcess() {
        assertEquals("qtswarm-12345-", Cleanup.prefix(12345));
    }
}
