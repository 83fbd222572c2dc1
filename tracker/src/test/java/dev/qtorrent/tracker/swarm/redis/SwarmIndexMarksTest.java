package dev.qtorrent.tracker.swarm.redis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SwarmIndexMarksTest {
    private static final String SWARM = "0123456789abcdef0123456789abcdef01234567";

    @Test
    void aMarkIsRefreshedOnceItLagsAnEighthOfTheLifetime() {
        SwarmIndexMarks marks = new SwarmIndexMarks(160);

        assertTrue(marks.due(SWARM, 1000));
        assertFalse(marks.due(SWARM, 1019));
        assertTrue(marks.due(SWARM, 1020));
    }

    @Test
    void theLagNeverPassesAMinute() {
        SwarmIndexMarks marks = new SwarmIndexMarks(3600);

        assertTrue(marks.due(SWARM, 0));
        assertFalse(marks.due(SWARM, 59));
        assertTrue(marks.due(SWARM, 60));
    }

    @Test
    void shortLifetimesMarkAtEveryAnnounce() {
        SwarmIndexMarks marks = new SwarmIndexMarks(2);

        assertTrue(marks.due(SWARM, 5));
        assertTrue(marks.due(SWARM, 5));
    }

    @Test
    void aFailedOrForgottenMarkIsMadeAgain() {
        SwarmIndexMarks marks = new SwarmIndexMarks(3600);
        assertTrue(marks.due(SWARM, 0));

        marks.failed(SWARM);
        assertTrue(marks.due(SWARM, 1));

        marks.forgetBefore(2);
        assertTrue(marks.due(SWARM, 2));
    }
}
