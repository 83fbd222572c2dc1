package dev.qtorrent.common.tls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A node's TLS key and self-signed certificate: the tracker's, which torrents pin, or a client's, which the tracker
 * lists in peer lists so that other peers can pin it. Created once and kept on disk, because the fingerprint is the
 * node's identity: a new certificate would break every pin of the old one. A damaged identity is therefore reported,
 * never replaced.
 *
 * @param key         the EC P-256 private key
 * @param certificate the self-signed certificate
 */
public record NodeIdentity(PrivateKey key, X509Certificate certificate) {
    /** The tracker's file names, kept from its first versions so that existing {@code tls/} folders keep working. */
    public static final String KEY_FILE = Role.TRACKER.keyFile;
    public static final String CERT_FILE = Role.TRACKER.certificateFile;

    private static final Duration VALIDITY = Duration.ofDays(3650);
    /** How long a process that lost the race to create an identity waits for the winner to finish writing it. */
    private static final Duration CREATION_WAIT = Duration.ofSeconds(5);

    /** Whose identity it is: sets the file names and the certificate's subject. */
    public enum Role {
        TRACKER("tracker-key.pem", "tracker-cert.pem", "CN=quic-torrent tracker"),
        PEER("identity-key.pem", "identity-cert.pem", "CN=quic-torrent peer");

        private final String keyFile;
        private final String certificateFile;
        private final String subject;

        Role(String keyFile, String certificateFile, String subject) {
            this.keyFile = keyFile;
            this.certificateFile = certificateFile;
            this.subject = subject;
        }

        public String keyFile() {
            return keyFile;
        }

        public String certificateFile() {
            return certificateFile;
        }
    }

    public Fingerprint fingerprint() {
        return Fingerprint.of(certificate);
    }

    /** The tracker's identity in {@code dir}, created when the folder holds none; see {@link #loadOrCreate(Path, Role, String)}. */
    public static NodeIdentity loadOrCreate(Path dir, String advertisedHost) throws IOException {
        return loadOrCreate(dir, Role.TRACKER, advertisedHost);
    }

    /**
     * Loads the identity from {@code dir}, or creates and stores a new one when the folder holds neither of the role's
     * files. The key file is written owner-only; both files are written to a temporary name and renamed.
     *
     * @param advertisedHost the host name or address others reach the node by, added to the certificate's names;
     *                       may be null
     * @throws IOException naming the file when an identity is there but incomplete or unreadable
     */
    public static NodeIdentity loadOrCreate(Path dir, Role role, String advertisedHost) throws IOException {
        Path keyFile = dir.resolve(role.keyFile);
        Path certFile = dir.resolve(role.certificateFile);
        if (Files.exists(keyFile) || Files.exists(certFile)) {
            return load(keyFile, certFile);
        }
        NodeIdentity identity = generate(role, advertisedHost);
        try {
            identity.store(dir, role);
        } catch (FileAlreadyExistsException e) {
            return loadCreatedElsewhere(keyFile, certFile);
        }
        return identity;
    }

    /** A fresh tracker identity naming localhost, 127.0.0.1, ::1 and {@code advertisedHost}. */
    public static NodeIdentity generate(String advertisedHost) {
        return generate(Role.TRACKER, advertisedHost);
    }

    /** Generates a fresh key pair and certificate naming localhost, 127.0.0.1, ::1 and {@code advertisedHost}. */
    public static NodeIdentity generate(Role role, String advertisedHost) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair pair = generator.generateKeyPair();

            Instant now = Instant.now();
            X500Name subject = new X500Name(role.subject);
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(VALIDITY)), subject,
                    pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(subjectNames(advertisedHost).toArray(GeneralName[]::new)));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA")
                    .build(pair.getPrivate()));
            return new NodeIdentity(pair.getPrivate(), new JcaX509CertificateConverter().getCertificate(holder));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot generate a certificate", e);
        }
    }

    private static List<GeneralName> subjectNames(String advertisedHost) {
        Set<String> dns = new LinkedHashSet<>(List.of("localhost"));
        Set<String> ips = new LinkedHashSet<>(List.of("127.0.0.1", "::1"));
        if (advertisedHost != null && !advertisedHost.isBlank()) {
            String host = advertisedHost.strip();
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (isIpLiteral(host)) {
                ips.add(host);
            } else {
                dns.add(host);
            }
        }
        List<GeneralName> names = new ArrayList<>();
        dns.forEach(name -> names.add(new GeneralName(GeneralName.dNSName, name)));
        ips.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
        return names;
    }

    private static boolean isIpLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    private void store(Path dir, Role role) throws IOException {
        Files.createDirectories(dir);
        // The key is written first and the certificate last: a folder holding a certificate has a complete identity.
        writeAtomically(dir.resolve(role.keyFile), pem(new JcaPKCS8Generator(key, null)), true);
        writeAtomically(dir.resolve(role.certificateFile), pem(certificate), false);
    }

    private static NodeIdentity load(Path keyFile, Path certFile) throws IOException {
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
    private static NodeIdentity loadCreatedElsewhere(Path keyFile, Path certFile) throws IOException {
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
