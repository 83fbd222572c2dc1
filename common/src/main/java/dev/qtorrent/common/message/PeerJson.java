package dev.qtorrent.common.message;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * One entry of an announce answer's {@code peers}, written from raw parts: what a {@link JsonPeerList} uses to write
 * the JSON {@link AnnounceResponse.Peer} would be without making one. The bytes are Jackson's: members in the
 * record's order, and a quote or backslash in the peer id escaped with a backslash.
 */
public final class PeerJson {
    static final byte[] PEER_ID = "{\"peer_id\":\"".getBytes(US_ASCII);
    static final byte[] IP = "\",\"ip\":\"".getBytes(US_ASCII);
    static final byte[] PORT = "\",\"port\":".getBytes(US_ASCII);
    static final byte[] CERT = ",\"cert_sha256\":\"".getBytes(US_ASCII);
    static final byte[] END = "\"}".getBytes(US_ASCII);
    private static final VarHandle BIG_ENDIAN_LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle BIG_ENDIAN_INTS =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle BIG_ENDIAN_SHORTS =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    /** The names and punctuation as words (each one's bytes, first byte highest), to be stored whole. */
    private static final long PEER_ID_WORD = word(PEER_ID, 0, 8);
    private static final int PEER_ID_END = (int) word(PEER_ID, 8, 4);
    private static final long IP_WORD = word(IP, 0, 8);
    private static final long PORT_WORD = word(PORT, 0, 8);
    private static final long CERT_WORD_0 = word(CERT, 0, 8);
    private static final long CERT_WORD_1 = word(CERT, 8, 8);
    private static final short END_WORD = (short) word(END, 0, 2);
    /** Each octet's digits and a dot, first byte highest; and how many bytes that is. */
    private static final int[] OCTET_WORDS = new int[256];
    private static final byte[] OCTET_LENGTHS = new byte[256];
    /** The two digits of each number below 100 ("00" to "99"), first digit highest. */
    private static final short[] PAIRS = new short[100];

    /** Everything of an entry but its peer id, address and port: names, punctuation and 64 hex digits. */
    private static final int FIXED_BYTES = PEER_ID.length + IP.length + PORT.length + CERT.length + 64 + END.length;

    static {
        for (int octet = 0; octet < 256; octet++) {
            byte[] text = (octet + ".").getBytes(US_ASCII);
            OCTET_WORDS[octet] = (int) (word(text, 0, text.length) << 8 * (4 - text.length));
            OCTET_LENGTHS[octet] = (byte) text.length;
        }
        for (int pair = 0; pair < 100; pair++) {
            PAIRS[pair] = (short) (('0' + pair / 10) << 8 | '0' + pair % 10);
        }
    }

    private PeerJson() {
    }

    /**
     * The bytes {@link #writeIpv4} writes for the same arguments, or -1 when the peer id holds a byte that JSON would
     * have to write as a {@code \\u} escape (outside printable ASCII): such an entry is left to the general path. A
     * tracker accepts only printable ASCII ids, so that is a safeguard, not a case of its own.
     */
    public static int ipv4Bytes(byte[] key, int idLength, int port) {
        int escaped = idLength;
        for (int i = 0; i < idLength; i++) {
            byte b = key[i];
            if (b < 0x20 || b > 0x7e) {
                return -1;
            }
            if (b == '"' || b == '\\') {
                escaped++;
            }
        }
        return plainIpv4Bytes(escaped, port, address(key, idLength));
    }

    /**
     * {@link #ipv4Bytes} for a peer id that {@link #plainId} accepts: no pass over the id. An entry that knows this of
     * its id is counted with a few table lookups.
     */
    public static int plainIpv4Bytes(byte[] key, int idLength, int port) {
        return plainIpv4Bytes(idLength, port, address(key, idLength));
    }

    /** {@link #plainIpv4Bytes} for an id written in {@code idLength} bytes, the IPv4 address a big-endian int. */
    public static int plainIpv4Bytes(int idLength, int port, int address) {
        // Four octets with a dot each, less the last one's dot.
        return FIXED_BYTES + idLength - 1 + digits(port) + OCTET_LENGTHS[address >>> 24]
                + OCTET_LENGTHS[address >>> 16 & 0xff] + OCTET_LENGTHS[address >>> 8 & 0xff]
                + OCTET_LENGTHS[address & 0xff];
    }

    /** Whether JSON carries the peer id {@code key[0..idLength)} as it is: printable ASCII, no quote or backslash. */
    public static boolean plainId(byte[] key, int idLength) {
        for (int i = 0; i < idLength; i++) {
            byte b = key[i];
            if (b < 0x20 || b > 0x7e || b == '"' || b == '\\') {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes {@code {"peer_id":…,"ip":…,"port":…,"cert_sha256":…}} for the peer id {@code key[0..idLength)}, the
     * IPv4 address in the four bytes that follow it, {@code port}, and the fingerprint given as four big-endian
     * words; returns the index after the last byte written. {@code plainId} says that {@link #plainId} accepts the
     * id, which is then copied as it is.
     */
    public static int writeIpv4(byte[] into, int at, byte[] key, int idLength, boolean plainId, int port,
                                long cert0, long cert1, long cert2, long cert3) {
        at = head(into, at);
        if (plainId) {
            System.arraycopy(key, 0, into, at, idLength);
            at += idLength;
        } else {
            for (int i = 0; i < idLength; i++) {
                at = idByte(into, at, key[i]);
            }
        }
        return tail(into, at, address(key, idLength), port, cert0, cert1, cert2, cert3);
    }

    /** Writes what comes before the peer id; returns where the id goes. */
    public static int head(byte[] into, int at) {
        BIG_ENDIAN_LONGS.set(into, at, PEER_ID_WORD);
        BIG_ENDIAN_INTS.set(into, at + 8, PEER_ID_END);
        return at + PEER_ID.length;
    }

    /** Writes one byte of a peer id, escaped if it is a quote or a backslash; returns where the next goes. */
    public static int idByte(byte[] into, int at, byte b) {
        if (b == '"' || b == '\\') {
            into[at++] = '\\';
        }
        into[at++] = b;
        return at;
    }

    /**
     * Writes everything after the peer id: the IPv4 address (a big-endian int), the port and the fingerprint's four
     * words; returns the index after the last byte written.
     */
    public static int tail(byte[] into, int at, int address, int port, long cert0, long cert1, long cert2,
                           long cert3) {
        // Names and punctuation go in as whole words, not copied a byte array at a time. Each octet's word holds its
        // digits and a dot, and may write past them: whatever follows writes over it, and an entry always goes on
        // for longer than a word after its address.
        BIG_ENDIAN_LONGS.set(into, at, IP_WORD);
        at += IP.length;
        for (int shift = 24; shift >= 0; shift -= 8) {
            int octet = address >>> shift & 0xff;
            BIG_ENDIAN_INTS.set(into, at, OCTET_WORDS[octet]);
            at += OCTET_LENGTHS[octet];
        }
        // The last octet's dot is where the port's name begins.
        at--;
        BIG_ENDIAN_LONGS.set(into, at, PORT_WORD);
        into[at + 8] = PORT[8];
        at = decimal(into, at + PORT.length, port);
        BIG_ENDIAN_LONGS.set(into, at, CERT_WORD_0);
        BIG_ENDIAN_LONGS.set(into, at + 8, CERT_WORD_1);
        at += CERT.length;
        at = hex(into, at, cert0);
        at = hex(into, at, cert1);
        at = hex(into, at, cert2);
        at = hex(into, at, cert3);
        BIG_ENDIAN_SHORTS.set(into, at, END_WORD);
        return at + END.length;
    }

    private static int address(byte[] key, int at) {
        return (key[at] & 0xff) << 24 | (key[at + 1] & 0xff) << 16 | (key[at + 2] & 0xff) << 8 | key[at + 3] & 0xff;
    }

    /** The decimal digits of a non-negative int. */
    static int digits(int value) {
        // Ports, counts and intervals: most have at most five digits, found by comparing rather than dividing.
        if (value < 100_000) {
            return value < 100 ? (value < 10 ? 1 : 2) : value < 1_000 ? 3 : value < 10_000 ? 4 : 5;
        }
        int digits = 6;
        for (int rest = value / 1_000_000; rest > 0; rest /= 10) {
            digits++;
        }
        return digits;
    }

    /** A non-negative int in decimal. */
    private static int decimal(byte[] into, int at, int value) {
        int digits = digits(value);
        // Two digits at a time from a table, from the last pair back.
        int i = at + digits;
        while (value >= 10) {
            int pair = value % 100;
            value /= 100;
            i -= 2;
            BIG_ENDIAN_SHORTS.set(into, i, PAIRS[pair]);
        }
        if (i > at) {
            into[at] = (byte) ('0' + value);
        }
        return at + digits;
    }

    private static int hex(byte[] into, int at, long word) {
        BIG_ENDIAN_LONGS.set(into, at, hexDigits((int) (word >>> 32)));
        BIG_ENDIAN_LONGS.set(into, at + 8, hexDigits((int) word));
        return at + 16;
    }

    /**
     * The eight lower-case hex digits of {@code value}, most significant first, as the bytes of a big-endian long:
     * computed on all eight at once rather than looked up a digit at a time (every answer writes 3,200 of them).
     */
    static long hexDigits(int value) {
        long x = value & 0xffff_ffffL;
        // One nibble per byte: spread the halves apart, then the bytes, then the nibbles.
        x = (x | x << 16) & 0x0000_ffff_0000_ffffL;
        x = (x | x << 8) & 0x00ff_00ff_00ff_00ffL;
        x = (x | x << 4) & 0x0f0f_0f0f_0f0f_0f0fL;
        // 1 in each byte whose nibble is 10 or more: its digit is a letter, 39 codes past where '0' + nibble lands.
        long letters = ((x + 0x0606_0606_0606_0606L) >>> 4) & 0x0101_0101_0101_0101L;
        return x + 0x3030_3030_3030_3030L + letters * ('a' - '0' - 10);
    }

    /** {@code count} bytes of {@code bytes} from {@code from} as a number, the first byte highest. */
    private static long word(byte[] bytes, int from, int count) {
        long word = 0;
        for (int i = from; i < from + count; i++) {
            word = word << 8 | bytes[i] & 0xff;
        }
        return word;
    }
}
