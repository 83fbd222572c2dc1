package dev.qtorrent.common.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class NettyPropertiesTest {
    @Test
    void leakDetectionAndFlightRecorderEventsOffUnlessGiven() {
        Properties none = new Properties();
        NettyProperties.programDefaults(none);
        assertEquals("disabled", none.getProperty(NettyProperties.LEAK_DETECTION_LEVEL));
        assertEquals("false", none.getProperty(NettyProperties.JFR_ENABLED));

        Properties asked = new Properties();
        asked.setProperty(NettyProperties.LEAK_DETECTION_LEVEL, "paranoid");
        asked.setProperty(NettyProperties.JFR_ENABLED, "true");
        NettyProperties.programDefaults(asked);
        assertEquals("paranoid", asked.getProperty(NettyProperties.LEAK_DETECTION_LEVEL));
        assertEquals("true", asked.getProperty(NettyProperties.JFR_ENABLED));
    }
}
