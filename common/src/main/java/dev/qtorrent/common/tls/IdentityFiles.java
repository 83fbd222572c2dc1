package dev.qtorrent.common.tls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * A {@link NodeIdentity} on disk: PEM files written so that no reader ever sees half an identity and no writer ever
 * replaces one, and read back with errors that name the damaged file.
 */
final class IdentityFiles {
    /** How long a process that lost the race to create an identity waits for the winner to finish writing it. */
    private static final Duration CREATION_WAIT = Duration.ofSeconds(5);

    private IdentityFiles() {
    }

    /**
     * Writes a new identity. The key is written first and the certificate last: a folder holding a certificate has a
     * complete identity.
     *
     * @throws FileAlreadyExistsException when another process wrote one of the files first
     */
    static void store(NodeIdentity identity, Path keyFile, Path certFile) throws IOException {
        Files.createDirectories(keyFile.getParent());
        writeAtomically(keyFile, pem(new JcaPKCS8Generator(identity.key(), null)), true);
        writeAtomically(certFile, pem(identity.certificate()), false);
    }

    static NodeIdentity load(Path keyFile, Path certFile) throws IOException {
        if (!Files.exists(keyFile) || !Files.exists(certFile)) {
            throw new IOException("incomplete identity: need both " + keyFile + " and " + certFile
                    + " (delete the one that is left to create a new identity; pins of the old one stop working)");
        }
        PrivateKey key = readKey(keyFile);
        X509Certificate certificate = readCertificate(certFile);
        if (!belongTogether(key, certificate)) {
            throw new IOException(keyFile + " is not the key of " + certFile + " (restore the pair from a backup, "
                    + "or delete both to create a new identity; pins of the old one stop working)");
        }
        return new NodeIdentity(key, certificate);
    }

    private static PrivateKey readKey(Path keyFile) throws IOException {
        try (Reader reader = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IOException(keyFile + " is damaged: it holds no PEM private key" + ADVICE);
        } catch (IOException | RuntimeException e) {
            throw damaged(keyFile, "private key", e);
        }
    }

    private static X509Certificate readCertificate(Path certFile) throws IOException {
        try (Reader reader = Files.newBufferedReader(certFile, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            if (parser.readObject() instanceof X509CertificateHolder holder) {
                return new JcaX509CertificateConverter().getCertificate(holder);
            }
            throw new IOException(certFile + " is damaged: it holds no PEM certificate" + ADVICE);
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw damaged(certFile, "certificate", e);
        }
    }

    /** What to do about a damaged file, which is never replaced on its own: pins of the identity would break. */
    private static final String ADVICE = " (it was left as it is: restore it from a backup, or delete the key and "
            + "certificate files to create a new identity, which breaks every pin of the old one)";

    private static IOException damaged(Path file, String what, Exception e) {
        if (e instanceof IOException io && io.getMessage() != null && io.getMessage().startsWith(file.toString())) {
            return io;
        }
        // Bouncy Castle's messages name neither the file nor what was expected in it.
        return new IOException(file + " is damaged: cannot read the " + what + " (" + e.getMessage() + ")" + ADVICE,
                e);
    }

    /** Whether the certificate's public key verifies a signature made with the key. */
    private static boolean belongTogether(PrivateKey key, X509Certificate certificate) {
        try {
            byte[] probe = "quic-torrent identity check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String pem(Object value) throws IOException {
        // The key goes out as PKCS#8 ("PRIVATE KEY"), which every TLS tool reads.
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(value);
        }
        return out.toString();
    }

    private static void writeAtomically(Path target, String content, boolean secret) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            // Temporary files start owner-only; the certificate is public and may be read by anyone.
            if (!secret) {
                setPermissions(temp, "rw-r--r--");
            }
            try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.US_ASCII)) {
                writer.write(content);
            }
            publish(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Gives the complete file its name without ever replacing one: a hard link fails when the name exists, where a
     * rename would silently replace an identity that another process created at the same moment.
     *
     * @throws FileAlreadyExistsException when {@code target} exists
     */
    private static void publish(Path temp, Path target) throws IOException {
        try {
            Files.createLink(target, temp);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | IOException e) {
            // A file system without hard links: a move that refuses to replace, not atomic but still never replacing.
            Files.move(temp, target);
        }
    }

    /** Another process is creating the identity: waits for its certificate, the file written last, and loads. */
    /**
     * Loads an identity that may still be being written: a key without its certificate, written moments ago, is
     * another process creating the identity (the key goes first), so its certificate is waited for. An older lone key
     * is an incomplete identity, reported at once.
     */
    static NodeIdentity loadExisting(Path keyFile, Path certFile) throws IOException {
        if (Files.exists(keyFile) && !Files.exists(certFile)) {
            try {
                Duration age = Duration.between(Files.getLastModifiedTime(keyFile).toInstant(), Instant.now());
                if (age.compareTo(CREATION_WAIT) < 0) {
                    return loadCreatedElsewhere(keyFile, certFile);
                }
            } catch (NoSuchFileException gone) {
                // Removed meanwhile: load reports what is missing.
            }
        }
        return load(keyFile, certFile);
    }

    static NodeIdentity loadCreatedElsewhere(Path keyFile, Path certFile) throws IOException {
        long deadline = System.nanoTime() + CREATION_WAIT.toNanos();
        while (!Files.exists(certFile) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while another process created " + certFile);
            }
        }
        return load(keyFile, certFile);
    }

    private static void setPermissions(Path file, String permissions) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system (Windows): the folder's own ACL applies.
        }
    }
}
