package dev.qtorrent.tracker.swarm;

import dev.qtorrent.common.message.AnnounceResponse.Peer;
import dev.qtorrent.common.message.PeerJson;
import dev.qtorrent.common.tls.Fingerprint;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One peer of a swarm as its latest announce described it, kept small because a tracker holds millions: the peer id
 * and address (the key) are three longs in the entry itself, with an array only for what a long id or an IPv6 address
 * adds; the certificate's fingerprint is four longs (most peers have a certificate of their own, so a shared object
 * would save nothing and cost a reference and a header); the time is whole seconds; and the links that order and
 * index the swarm's entries are fields here rather than nodes of collections. An answer is written from these fields
 * directly ({@link ListedPeers}), from the entry alone for the usual key: one object to fetch from memory, not two.
 */
final class PeerEntry {
    private static final HexFormat HEX = HexFormat.of();
    /** 2^64 divided by the golden ratio, odd: multiplying by it spreads a word's bits over the high ones. */
    private static final long GOLDEN = 0x9E37_79B9_7F4A_7C15L;
    /** In {@link #shape}: every peer id a tracker accepts has it, so an answer's writer copies ids without a look. */
    private static final int PLAIN_ID = 0x40;
    private static final int ADDRESS_LENGTH = 0x3f;
    /** Key bytes held in {@link #key0}, {@link #key1} and {@link #key2}: a 20-byte peer id and an IPv4 address. */
    private static final int INLINE_KEY = 24;
    private static final VarHandle BIG_ENDIAN_LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /**
     * The key, what identifies the entry: the peer id's ASCII bytes followed by the address's 4 (IPv4) or 16 (IPv6)
     * bytes. Its first 24 bytes, big-endian and zero-padded, are here; the rest, if any, in {@link #keyRest}.
     */
    private final long key0;
    private final long key1;
    private final long key2;
    private final byte[] keyRest;
    private final byte keyLength;
    final int keyHash;
    /** The SHA-256 fingerprint of the certificate the peer announced with: who may change or remove the entry. */
    final long cert0;
    final long cert1;
    final long cert2;
    final long cert3;
    private final char port;
    final boolean seed;
    /** The address's length in bytes, and {@link #PLAIN_ID} when the peer id is written into JSON as it is. */
    private final byte shape;
    /**
     * Seconds since the registry's epoch, rounded up, so that an entry may expire late but never early. The one field
     * an announce that changes nothing else moves ({@link Swarm#refresh}): the entry stays where it is in every index.
     */
    int lastSeen;
    /** Index in {@link Swarm}'s seed or leecher list, or -1 while not listed (port 0). */
    int slot = -1;
    /** Neighbours in the swarm's list of entries from least to most recently announced. */
    PeerEntry older;
    PeerEntry newer;
    /**
     * The next and previous entries of the same swarm announced with the same certificate, or null: linked both ways
     * so that leaving the chain costs the same however many entries one certificate holds (one client announcing
     * many peer ids must not make every announce of the swarm walk them all).
     */
    PeerEntry nextSameCertificate;
    PeerEntry previousSameCertificate;

    /** {@code certificate} null stands for none: four zero words. */
    private PeerEntry(byte[] key, Fingerprint certificate, int port, boolean seed, int addressLength, int lastSeen) {
        // Every announce makes an entry to look its peer up with: a key of 24 bytes or more is read where it is.
        byte[] inline = key == null ? new byte[INLINE_KEY] : key.length >= INLINE_KEY ? key
                : Arrays.copyOf(key, INLINE_KEY);
        this.key0 = (long) BIG_ENDIAN_LONGS.get(inline, 0);
        this.key1 = (long) BIG_ENDIAN_LONGS.get(inline, 8);
        this.key2 = (long) BIG_ENDIAN_LONGS.get(inline, 16);
        this.keyRest = key == null || key.length <= INLINE_KEY ? null
                : Arrays.copyOfRange(key, INLINE_KEY, key.length);
        this.keyLength = (byte) (key == null ? 0 : key.length);
        this.keyHash = key == null ? 0 : keyHash(key0, key1, key2, keyRest, key.length);
        this.cert0 = certificate == null ? 0 : certificate.word(0);
        this.cert1 = certificate == null ? 0 : certificate.word(1);
        this.cert2 = certificate == null ? 0 : certificate.word(2);
        this.cert3 = certificate == null ? 0 : certificate.word(3);
        this.port = (char) port;
        this.seed = seed;
        this.shape = (byte) (addressLength
                | (key != null && PeerJson.plainId(key, key.length - addressLength) ? PLAIN_ID : 0));
        this.lastSeen = lastSeen;
    }

    /**
     * Mixes the key's words, a multiply per word, rather than a byte at a time as {@link Arrays#hashCode(byte[])} does:
     * every announce hashes its key.
     */
    private static int keyHash(long key0, long key1, long key2, byte[] keyRest, int length) {
        long hash = (key0 * GOLDEN ^ key1) * GOLDEN ^ key2;
        hash = (hash * GOLDEN ^ (keyRest == null ? 0 : Arrays.hashCode(keyRest))) * GOLDEN + length;
        return (int) (hash ^ hash >>> 32);
    }

    /** An entry for a peer announcing from {@code address}. */
    static PeerEntry of(String peerId, InetAddress address, int port, boolean seed, Fingerprint certificate,
                        int lastSeen) {
        byte[] id = peerId.getBytes(StandardCharsets.US_ASCII);
        byte[] ip = address.getAddress();
        byte[] key = Arrays.copyOf(id, id.length + ip.length);
        System.arraycopy(ip, 0, key, id.length, ip.length);
        return new PeerEntry(key, certificate, port, seed, ip.length, lastSeen);
    }

    /** An entry that stands for a peer id and address only, to look entries up by them. */
    static PeerEntry probe(String peerId, InetAddress address) {
        return of(peerId, address, 0, false, null, 0);
    }

    /** An entry that stands for a certificate only, to look entries up by it. */
    static PeerEntry probe(Fingerprint certificate) {
        return new PeerEntry(null, certificate, 0, false, 0, 0);
    }

    /** A peer that accepts no connections (port 0) is counted but never handed out. */
    boolean listable() {
        return port > 0;
    }

    boolean sameKey(PeerEntry other) {
        return keyHash == other.keyHash && keyLength == other.keyLength && key0 == other.key0 && key1 == other.key1
                && key2 == other.key2 && Arrays.equals(keyRest, other.keyRest);
    }

    /** The key's bytes, made anew: for the rare uses that want the id or address as text. */
    private byte[] key() {
        byte[] key = new byte[Math.max(INLINE_KEY, keyLength)];
        BIG_ENDIAN_LONGS.set(key, 0, key0);
        BIG_ENDIAN_LONGS.set(key, 8, key1);
        BIG_ENDIAN_LONGS.set(key, 16, key2);
        if (keyRest != null) {
            System.arraycopy(keyRest, 0, key, INLINE_KEY, keyRest.length);
        }
        return key.length == keyLength ? key : Arrays.copyOf(key, keyLength);
    }

    /** Reads the key's last inline word, for {@link ListedPeers}' pre-read of the entries an answer lists. */
    int touch() {
        return (int) key2;
    }

    /** Byte {@code index} of the key. */
    private int keyByte(int index) {
        if (index >= INLINE_KEY) {
            return keyRest[index - INLINE_KEY] & 0xff;
        }
        long word = index < 8 ? key0 : index < 16 ? key1 : key2;
        return (int) (word >>> (56 - 8 * (index & 7))) & 0xff;
    }

    /** The IPv4 address of an entry that has one, as a big-endian int. */
    private int ipv4() {
        int at = keyLength - 4;
        if (keyLength == INLINE_KEY) {
            // A 20-byte peer id: the address is the low half of the last word.
            return (int) key2;
        }
        return keyByte(at) << 24 | keyByte(at + 1) << 16 | keyByte(at + 2) << 8 | keyByte(at + 3);
    }

    boolean sameCertificate(PeerEntry other) {
        return cert0 == other.cert0 && cert1 == other.cert1 && cert2 == other.cert2 && cert3 == other.cert3;
    }

    /** Whether {@code other} has this entry's certificate, port and progress: an announce that changes nothing. */
    boolean sameValue(PeerEntry other) {
        return sameCertificate(other) && port == other.port && seed == other.seed;
    }

    int certificateHash() {
        return Long.hashCode(cert0);
    }

    /** The fingerprint as 64 lower-case hex digits. */
    String certificateHex() {
        return HEX.toHexDigits(cert0) + HEX.toHexDigits(cert1) + HEX.toHexDigits(cert2) + HEX.toHexDigits(cert3);
    }

    String peerId() {
        return new String(key(), 0, keyLength - addressLength(), StandardCharsets.US_ASCII);
    }

    private int addressLength() {
        return shape & ADDRESS_LENGTH;
    }

    String ip() {
        int addressLength = addressLength();
        if (addressLength == 4) {
            // Dotted quads written directly: InetAddress would parse, copy and format through its own objects.
            int address = ipv4();
            return (address >>> 24) + "." + (address >>> 16 & 0xff) + "." + (address >>> 8 & 0xff) + "."
                    + (address & 0xff);
        }
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(key(), keyLength - addressLength, keyLength))
                    .getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + addressLength + " bytes", e);
        }
    }

    /** The entry as an answer lists it. */
    int port() {
        return port;
    }

    /** The bytes {@link #writeJson} writes, or -1 when the entry is written from its {@link #toPeer()} (IPv6). */
    int jsonBytes() {
        if (addressLength() != 4) {
            return -1;
        }
        return (shape & PLAIN_ID) != 0 ? PeerJson.plainIpv4Bytes(keyLength - 4, port, ipv4())
                : PeerJson.ipv4Bytes(key(), keyLength - 4, port);
    }

    /** The entry as an answer lists it, written into {@code into} from {@code at}; returns where it ends. */
    int writeJson(byte[] into, int at) {
        int idLength = keyLength - 4;
        at = PeerJson.head(into, at);
        if ((shape & PLAIN_ID) == 0) {
            for (int i = 0; i < idLength; i++) {
                at = PeerJson.idByte(into, at, (byte) keyByte(i));
            }
        } else {
            // The three words whole: what lies past the id is written over by the rest of the entry, which is
            // longer than 24 bytes, so nothing is written past the entry's end.
            BIG_ENDIAN_LONGS.set(into, at, key0);
            BIG_ENDIAN_LONGS.set(into, at + 8, key1);
            BIG_ENDIAN_LONGS.set(into, at + 16, key2);
            if (idLength > INLINE_KEY) {
                System.arraycopy(keyRest, 0, into, at + INLINE_KEY, idLength - INLINE_KEY);
            }
            at += idLength;
        }
        return PeerJson.tail(into, at, ipv4(), port, cert0, cert1, cert2, cert3);
    }

    Peer toPeer() {
        return new Peer(peerId(), ip(), port, certificateHex());
    }
}
