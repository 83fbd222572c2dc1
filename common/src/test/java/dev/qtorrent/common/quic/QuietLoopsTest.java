package dev.qtorrent.common.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** An idle event loop sleeps: counted in the kernel's voluntary context switches of its thread, its wake-ups. */
class QuietLoopsTest {
    private static final Pattern VOLUNTARY = Pattern.compile("(?m)^voluntary_ctxt_switches:\\s*(\\d+)");

    /** The loop's thread's status file, found from inside the loop. */
    private static Path statusOf(EventLoopGroup group) throws Exception {
        Path self = group.next().submit(() -> Files.readSymbolicLink(Path.of("/proc/thread-self"))).get();
        return Path.of("/proc").resolve(self).resolve("status");
    }

    private static long wakeUps(Path status) throws Exception {
        Matcher m = VOLUNTARY.matcher(Files.readString(status));
        assertTrue(m.find(), status.toString());
        return Long.parseLong(m.group(1));
    }

    @Test
    void anIdleLoopSleepsInsteadOfWakingEverySecond() throws Exception {
        assumeTrue(Epoll.isAvailable() && Files.exists(Path.of("/proc/thread-self")),
                "needs Linux with epoll and /proc");
        EventLoopGroup plain = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        EventLoopGroup quiet = QuietLoops.quiet(new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory()));
        try {
            Path plainStatus = statusOf(plain);
            Path quietStatus = statusOf(quiet);
            Thread.sleep(200);
            long plainBefore = wakeUps(plainStatus);
            long quietBefore = wakeUps(quietStatus);
            Thread.sleep(2_600);
            // Without the far task, Netty wakes an idle loop once a second: this is what the class is for.
            assertTrue(wakeUps(plainStatus) - plainBefore >= 2, "a plain idle loop woke "
                    + (wakeUps(plainStatus) - plainBefore) + " times");
            assertEquals(0, wakeUps(quietStatus) - quietBefore);
            // A quiet loop still runs what it is given, at once.
            assertEquals("ran", quiet.next().submit(() -> "ran").get());
        } finally {
            plain.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
            quiet.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
        }
    }
}
