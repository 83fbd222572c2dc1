package dev.qtorrent.peer.serve;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.quic.QuicConnectionIdGenerator;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The server's QUIC connection ids, shaped so that a later run of the server can answer a packet of a connection
 * it never saw with a stateless reset that the client accepts (RFC 9000, section 10.3):
 *
 * <pre>
 * flags(1) = issued-later(bit 7) | client id length L (bits 0-3, 0..8)
 * run(4)     random, new on every start: a packet naming another run belongs to a connection this one lacks
 * client(8)  the client's own connection id (L bytes) padded with random bytes
 * loop(1)    the event loop, of the server's sockets sharing one port, that holds the connection
 * random(2)
 * tag(4)     HMAC(secret, the 16 bytes above): only ids this server made are answered
 * </pre>
 *
 * The client's id is there because a Netty or quiche client hands an incoming datagram to a connection only when it
 * starts with that connection's id; a reset that did not would never reach the connection.
 */
final class ConnectionIds implements QuicConnectionIdGenerator {
    static final int LENGTH = 20;
    static final int MAX_CLIENT_ID = 8;
    private static final int FLAGS = 0;
    private static final int RUN = 1;
    private static final int CLIENT = 5;
    private static final int LOOP = CLIENT + MAX_CLIENT_ID;
    private static final int TAG = 16;
    private static final int LATER = 0x80;
    private static final byte[] TAG_LABEL = "connection id tag".getBytes(StandardCharsets.US_ASCII);

    private final ResetSecret secret;
    private final byte[] run;
    private final int loop;
    private final SecureRandom random = new SecureRandom();

    /** The ids of a server with one event loop. */
    ConnectionIds(ResetSecret secret) {
        this(secret, new byte[4], 0);
        random.nextBytes(run);
    }

    private ConnectionIds(ResetSecret secret, byte[] run, int loop) {
        this.secret = secret;
        this.run = run;
        this.loop = loop;
    }

    /** The ids the same run makes for connections held by event loop {@code loop} (0 to 255). */
    ConnectionIds forLoop(int loop) {
        if (loop < 0 || loop > 0xff) {
            throw new IllegalArgumentException("event loop " + loop + " of at most 256");
        }
        return new ConnectionIds(secret, run, loop);
    }

    /** The event loop whose connections get these ids. */
    int loop() {
        return loop;
    }

    /**
     * The event loop named by the connection id starting at {@code offset} of {@code datagram}, an id that
     * {@link #carriesThisRun carries this run's marker}.
     */
    int loopOf(ByteBuf datagram, int offset) {
        return datagram.getByte(offset + LOOP) & 0xff;
    }

    /** What an id of ours says, or null when it is not one this server (any run) made. */
    record Parsed(boolean issuedLater, byte[] run, byte[] clientId) {
    }

    @Override
    public ByteBuffer newId(int length) {
        return make(length, false, null);
    }

    /** An extra id for a connection that has {@code input}: it keeps the client's id, so resets still reach it. */
    @Override
    public ByteBuffer newId(ByteBuffer input, int length) {
        Parsed existing = input.remaining() == LENGTH ? parse(toArray(input)) : null;
        return make(length, true, existing == null ? null : existing.clientId());
    }

    /** The id of a new connection, from the client's Initial: {@code scid} is the client's own id. */
    @Override
    public ByteBuffer newId(ByteBuffer scid, ByteBuffer dcid, int length) {
        return make(length, false, scid.remaining() <= MAX_CLIENT_ID ? toArray(scid) : null);
    }

    @Override
    public int maxConnectionIdLength() {
        return LENGTH;
    }

    @Override
    public boolean isIdempotent() {
        return false;
    }

    /**
     * Whether the connection id starting at {@code offset} of {@code datagram} carries this run's marker: a cheap
     * look at four bytes in place, so the packets of live connections cost no copy and no HMAC on the event loop.
     */
    boolean carriesThisRun(ByteBuf datagram, int offset) {
        for (int i = 0; i < run.length; i++) {
            if (datagram.getByte(offset + RUN + i) != run[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code parsed} comes from an earlier (or another) run of the server. */
    boolean fromOtherRun(Parsed parsed) {
        return !Arrays.equals(parsed.run(), run);
    }

    private ByteBuffer make(int length, boolean later, byte[] clientId) {
        byte[] id = new byte[length];
        random.nextBytes(id);
        if (length != LENGTH) {
            return ByteBuffer.wrap(id);
        }
        int embedded = clientId == null ? 0 : clientId.length;
        id[FLAGS] = (byte) ((later ? LATER : 0) | embedded);
        System.arraycopy(run, 0, id, RUN, run.length);
        if (clientId != null) {
            System.arraycopy(clientId, 0, id, CLIENT, embedded);
        }
        id[LOOP] = (byte) loop;
        System.arraycopy(tag(id), 0, id, TAG, LENGTH - TAG);
        return ByteBuffer.wrap(id);
    }

    Parsed parse(byte[] id) {
        if (id.length != LENGTH || (id[FLAGS] & 0x0f) > MAX_CLIENT_ID || (id[FLAGS] & 0x70) != 0) {
            return null;
        }
        byte[] tag = Arrays.copyOfRange(id, TAG, LENGTH);
        if (!MessageDigest.isEqual(tag, Arrays.copyOf(tag(id), LENGTH - TAG))) {
            return null;
        }
        return new Parsed((id[FLAGS] & LATER) != 0, Arrays.copyOfRange(id, RUN, CLIENT),
                Arrays.copyOfRange(id, CLIENT, CLIENT + (id[FLAGS] & 0x0f)));
    }

    private byte[] tag(byte[] id) {
        return secret.mac(TAG_LABEL, Arrays.copyOf(id, TAG));
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
