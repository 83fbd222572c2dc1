package dev.qtorrent.tracker.swarm.redis;

import java.nio.charset.StandardCharsets;

/** The names of the keys a swarm has in Redis (see common.lua), and the bytes of the scripts' arguments. */
final class SwarmKeys {
    /** Every swarm announced to, by its last announce: what a sweep visits. */
    static final byte[] SWARMS = bytes("qt:swarms");

    private SwarmKeys() {
    }

    /** One key of the swarm, by its name in common.lua; the info hash is the key's hash tag. */
    static byte[] key(String infoHash, String name) {
        return bytes("qt:{" + infoHash + "}:" + name);
    }

    /** The swarm's keys by their names in common.lua, in the scripts' order. */
    private static final String[] SWARM = {"e", "t", "S", "L", "n", "c"};
    /** The same, then the completed downloads (d). */
    private static final String[] WITH_DOWNLOADS = {"e", "t", "S", "L", "n", "c", "d"};
    /** announce.lua's: the swarm's, the downloads, then the stops (x). */
    private static final String[] ANNOUNCE = {"e", "t", "S", "L", "n", "c", "d", "x"};

    /** The swarm's keys in the scripts' order, the downloads key last when asked for. */
    static byte[][] keys(String infoHash, boolean downloads) {
        return keys(infoHash, downloads ? WITH_DOWNLOADS : SWARM);
    }

    /** announce.lua's keys: the swarm's, the downloads key, then the stops (x). */
    static byte[][] announceKeys(String infoHash) {
        return keys(infoHash, ANNOUNCE);
    }

    private static byte[][] keys(String infoHash, String[] names) {
        byte[][] keys = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            keys[i] = key(infoHash, names[i]);
        }
        return keys;
    }

    static byte[] number(long value) {
        return bytes(Long.toString(value));
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
