package dev.qtorrent.client.download;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The heap is trimmed for downloads long enough to grow it, and for every client that stays to seed. */
class HeapTrimTest {
    @Test
    void aSmallDownloadThatExitsIsNotTrimmed() {
        assertFalse(HeapTrim.pays(12, false));
        assertFalse(HeapTrim.pays(HeapTrim.MIN_BYTES - 1, false));
    }

    @Test
    void aLargeDownloadIsTrimmed() {
        assertTrue(HeapTrim.pays(HeapTrim.MIN_BYTES, false));
        assertTrue(HeapTrim.pays(4L << 30, false));
    }

    @Test
    void aClientThatStaysIsTrimmedWhateverTheSize() {
        assertTrue(HeapTrim.pays(12, true));
    }
}
