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

    /** The swarm's keys in the scripts' order, the downloads key last when asked for. */
    static byte[][] keys(String infoHash, boolean downloads) {
        String[] names = downloads ? new String[] {"e", "t", "S", "L", "n", "c", "d"}
                : new String[] {"e", "t", "S", "L", "n", "c"};
        byte[][] keys = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            keys[i] = key(infoHash, names[i]);
        }
        return keys;
    }

    /** announce.lua's keys: the swarm's, the downloads key, then the stops (x). */
    static byte[][] announceKeys(String infoHash) {
        byte[][] keys = keys(infoHash, true);
        byte[][] all = java.util.Arrays.copyOf(keys, keys.length + 1);
        all[keys.length] = key(infoHash, "x");
        return all;
    }

    static byte[] number(long value) {
        return bytes(Long.toString(value));
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
