package dev.qtorrent.common.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PieceDigestTest {
    @Test
    void theNativeSha1AgreesWithTheJdksOnHeapAndDirectBuffers() throws Exception {
        MessageDigest before = PieceDigest.sha1();
        // Linux x86-64, where the tests run, is a platform Conscrypt ships its library for.
        assertTrue(PieceDigest.loadNow(), "the native SHA-1 loads here");
        assertTrue(PieceDigest.isNative());
        MessageDigest jdk = MessageDigest.getInstance("SHA-1");
        MessageDigest fast = PieceDigest.sha1();
        assertNotSame(jdk.getProvider(), fast.getProvider());

        byte[] data = new byte[(1 << 20) + 13];
        new SplittableRandom(7).nextBytes(data);
        ByteBuffer direct = ByteBuffer.allocateDirect(data.length).put(data).flip();
        fast.update(direct);
        byte[] expected = jdk.digest(data);
        assertArrayEquals(expected, fast.digest());
        fast.update(data, 0, 5);
        fast.update(data, 5, data.length - 5);
        assertArrayEquals(expected, fast.digest());

        MessageDigest switched = PieceDigest.faster(before);
        assertSame(fast.getProvider(), switched.getProvider());
        assertSame(switched, PieceDigest.faster(switched), "a native digest is kept");
    }
}
