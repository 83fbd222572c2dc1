package dev.qtorrent.client.download;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the client's Java heap near what it holds. Started with {@code java -jar} on a machine with plenty of memory, the
 * JVM begins with a heap of 1/64 of the RAM and lets the young generation take most of it, so a download, which
 * allocates steadily but keeps about 12 MiB alive, would touch hundreds of MiB it never needs. After start-up this
 * lowers the two heap-free ratios (flags a running HotSpot JVM accepts) and compacts once: the collector gives the
 * unused heap back and afterwards grows it in proportion to the live data. A JVM started with explicit heap options is
 * left as it is, and so is one that does not offer these flags.
 */
public final class HeapTrim {
    private static final Logger log = LoggerFactory.getLogger(HeapTrim.class);
    /** Free heap kept after a collection, in percent: room for young collections to stay rare and cheap. */
    private static final int MIN_FREE_PERCENT = 70;
    private static final int MAX_FREE_PERCENT = 85;

    /**
     * Below this, a download that then exits is over before its allocations take the heap far from where start-up
     * left it, and the trim (the management beans it loads and a full collection, about 20 ms before the first
     * request) would be most of what a small download costs.
     */
    static final long MIN_BYTES = 32L << 20;

    private HeapTrim() {
    }

    /** Whether trimming pays for a download of {@code bytes} that exits when done, or for one that stays. */
    public static boolean pays(long bytes, boolean staysAfter) {
        return staysAfter || bytes >= MIN_BYTES;
    }

    /** Trims the heap once; call when start-up is over and the bulk of the work begins. */
    public static void afterStartup() {
        List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
        if (arguments.stream().anyMatch(a -> a.startsWith("-Xmx") || a.startsWith("-Xms")
                || a.contains("HeapFreeRatio") || a.contains("MaxRAM"))) {
            return;
        }
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            hotspot.setVMOption("MinHeapFreeRatio", Integer.toString(MIN_FREE_PERCENT));
            hotspot.setVMOption("MaxHeapFreeRatio", Integer.toString(MAX_FREE_PERCENT));
            long started = System.nanoTime();
            System.gc();
            log.debug("heap compacted in {} ms", (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException | LinkageError e) {
            log.debug("cannot trim the heap here: {}", e.toString());
        }
    }
}
