package dev.qtorrent.peer.serve;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret behind the server's stateless reset tokens (RFC 9000, section 10.3). It is kept beside the TLS key
 * and outlives restarts, so a restarted server can compute the tokens its previous run gave clients and end their
 * connections at once, instead of leaving them to an idle timeout. Whoever holds it can end any connection of this
 * server, so it is owner-only, like the key.
 */
public final class ResetSecret {
    /** File name inside the TLS folder. */
    public static final String FILE = "stateless-reset.key";
    /** RFC 9000: a stateless reset token is 16 bytes. */
    static final int TOKEN_BYTES = 16;
    private static final int SECRET_BYTES = 32;
    private static final String HMAC = "HmacSHA256";

    private final SecretKeySpec key;

    private ResetSecret(byte[] secret) {
        this.key = new SecretKeySpec(secret, HMAC);
    }

    /** A secret for this process only: its tokens mean nothing to a later run. */
    public static ResetSecret random() {
        byte[] secret = new byte[SECRET_BYTES];
        new SecureRandom().nextBytes(secret);
        return new ResetSecret(secret);
    }

    /** Reads the secret from {@code tlsDir}, creating it (owner-only) on first use. */
    public static ResetSecret loadOrCreate(Path tlsDir) throws IOException {
        Path file = tlsDir.resolve(FILE);
        if (!Files.exists(file)) {
            Files.createDirectories(tlsDir);
            byte[] secret = new byte[SECRET_BYTES];
            new SecureRandom().nextBytes(secret);
            // Temporary files start owner-only (0600) on POSIX systems; the secret never exists with wider rights.
            Path temp = Files.createTempFile(tlsDir, FILE, ".tmp");
            try {
                Files.write(temp, secret);
                setOwnerOnly(temp);
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        }
        byte[] secret = Files.readAllBytes(file);
        if (secret.length != SECRET_BYTES) {
            throw new IOException(file + " must hold " + SECRET_BYTES + " bytes, not " + secret.length
                    + " (delete it to make a new one)");
        }
        return new ResetSecret(secret);
    }

    private static void setOwnerOnly(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system (Windows): the folder's own ACL applies.
        }
    }

    /**
     * The token sent in the handshake's transport parameters. quiche takes it from the codec's configuration, so
     * every connection of the server shares it; connection ids issued later get their own ({@link #token}).
     */
    byte[] handshakeToken() {
        return Arrays.copyOf(mac("handshake reset token".getBytes(StandardCharsets.US_ASCII), null),
                TOKEN_BYTES);
    }

    /** The token for a connection id issued in a NEW_CONNECTION_ID frame: HMAC-SHA256(secret, id), 16 bytes. */
    ByteBuffer token(ByteBuffer connectionId) {
        byte[] id = new byte[connectionId.remaining()];
        connectionId.duplicate().get(id);
        return ByteBuffer.wrap(Arrays.copyOf(mac("connection id reset token".getBytes(StandardCharsets.US_ASCII),
                id), TOKEN_BYTES));
    }

    /** HMAC-SHA256 over a label and optional data: separate labels keep the secret's uses apart. */
    byte[] mac(byte[] label, byte[] data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            mac.update(label);
            if (data != null) {
                mac.update(data);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(HMAC + " is unavailable", e);
        }
    }
}
