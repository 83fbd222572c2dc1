package dev.qtorrent.common.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class LineLayoutTest {
    @Test
    void loggerNamesAreCutFromTheLeftAsLogbacksAbbreviatorDoes() {
        assertEquals("dev.qtorrent.peer.serve.NodeServer", LineLayout.abbreviated("dev.qtorrent.peer.serve.NodeServer"));
        assertEquals("d.qtorrent.tracker.seed.SeedCatalog",
                LineLayout.abbreviated("dev.qtorrent.tracker.seed.SeedCatalog"));
        assertEquals("d.q.client.download.Downloader", LineLayout.abbreviated("dev.qtorrent.client.download.Downloader"));
        assertEquals("d.q.c.d.AVeryLongClassNameIndeedThatIsLong",
                LineLayout.abbreviated("dev.qtorrent.client.download.AVeryLongClassNameIndeedThatIsLong"));
        assertEquals("ThisClassNameAloneIsLongerThanThirtySixCharacters",
                LineLayout.abbreviated("ThisClassNameAloneIsLongerThanThirtySixCharacters"));
    }

    @Test
    void aStackTraceFollowsItsLine() {
        LoggerContext context = new LoggerContext();
        Logger logger = context.getLogger("a.b.Thing");
        LineLayout layout = new LineLayout(false);
        layout.setContext(context);
        layout.start();
        String text = layout.doLayout(new LoggingEvent(Logger.FQCN, logger, Level.WARN, "failed {}", new IOException(
                "disk gone"), new Object[] {7}));
        String[] lines = text.split("\\R");
        assertTrue(lines[0].matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  Thing - failed 7"), lines[0]);
        assertEquals("java.io.IOException: disk gone", lines[1]);
        assertTrue(lines[2].startsWith("\tat "), lines[2]);
    }
}
