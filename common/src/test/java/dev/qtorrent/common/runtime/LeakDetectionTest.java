package dev.qtorrent.common.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class LeakDetectionTest {
    @Test
    void offUnlessALevelIsGiven() {
        Properties none = new Properties();
        LeakDetection.offUnlessAsked(none);
        assertEquals("disabled", none.getProperty(LeakDetection.LEVEL_PROPERTY));

        Properties asked = new Properties();
        asked.setProperty(LeakDetection.LEVEL_PROPERTY, "paranoid");
        LeakDetection.offUnlessAsked(asked);
        assertEquals("paranoid", asked.getProperty(LeakDetection.LEVEL_PROPERTY));
    }
}
