package dev.qtorrent.common.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
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
 * The tracker's TLS key and self-signed certificate. Created once and kept on disk, because every torrent the tracker
 * writes pins this certificate's fingerprint: a new certificate would invalidate them all.
 *
 * @param key         the EC P-256 private key
 * @param certificate the self-signed certificate
 */
public record TrackerIdentity(PrivateKey key, X509Certificate certificate) {
    /** File names inside the identity folder. */
    public static final String KEY_FILE = "tracker-key.pem";
    public static final String CERT_FILE = "tracker-cert.pem";

    private static final Duration VALIDITY = Duration.ofDays(3650);

    public Fingerprint fingerprint() {
        return Fingerprint.of(certificate);
    }

    /**
     * Loads the identity from {@code dir}, or creates and stores a new one when the folder holds none.
     *
     * @param advertisedHost the host name or address written into torrents; added to the certificate's names
     */
    public static TrackerIdentity loadOrCreate(Path dir, String advertisedHost) throws IOException {
        Path keyFile = dir.resolve(KEY_FILE);
        Path certFile = dir.resolve(CERT_FILE);
        if (Files.exists(keyFile) || Files.exists(certFile)) {
            return load(keyFile, certFile);
        }
        TrackerIdentity identity = generate(advertisedHost);
        identity.store(dir);
        return identity;
    }

    /** Generates a fresh key pair and certificate naming localhost, 127.0.0.1, ::1 and {@code advertisedHost}. */
    public static TrackerIdentity generate(String advertisedHost) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair pair = generator.generateKeyPair();

            Instant now = Instant.now();
            X500Name subject = new X500Name("CN=quic-torrent tracker");
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(VALIDITY)), subject,
                    pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(subjectNames(advertisedHost).toArray(GeneralName[]::new)));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA")
                    .build(pair.getPrivate()));
            return new TrackerIdentity(pair.getPrivate(), new JcaX509CertificateConverter().getCertificate(holder));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot generate the tracker certificate", e);
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

    private void store(Path dir) throws IOException {
        Files.createDirectories(dir);
        // The key is written first and the certificate last: a folder holding a certificate has a complete identity.
        writeAtomically(dir.resolve(KEY_FILE), pem(new JcaPKCS8Generator(key, null)), true);
        writeAtomically(dir.resolve(CERT_FILE), pem(certificate), false);
    }

    private static TrackerIdentity load(Path keyFile, Path certFile) throws IOException {
        if (!Files.exists(keyFile) || !Files.exists(certFile)) {
            throw new IOException("incomplete tracker identity: need both " + keyFile + " and " + certFile
                    + " (delete the one that is left to create a new identity; torrents pinning the old one stop working)");
        }
        try (Reader keyReader = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII);
             Reader certReader = Files.newBufferedReader(certFile, StandardCharsets.US_ASCII);
             PEMParser keyParser = new PEMParser(keyReader);
             PEMParser certParser = new PEMParser(certReader)) {
            Object keyObject = keyParser.readObject();
            PrivateKey key;
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (keyObject instanceof PEMKeyPair pair) {
                key = converter.getKeyPair(pair).getPrivate();
            } else if (keyObject instanceof PrivateKeyInfo info) {
                key = converter.getPrivateKey(info);
            } else {
                throw new IOException(keyFile + ": no private key found");
            }
            Object certObject = certParser.readObject();
            if (!(certObject instanceof X509CertificateHolder holder)) {
                throw new IOException(certFile + ": no certificate found");
            }
            return new TrackerIdentity(key, new JcaX509CertificateConverter().getCertificate(holder));
        } catch (GeneralSecurityException | org.bouncycastle.openssl.PEMException e) {
            throw new IOException("cannot read the tracker identity in " + keyFile.getParent() + ": " + e.getMessage(), e);
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
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IOException(target + " appeared while the identity was being written", e);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void setPermissions(Path file, String permissions) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system (Windows): the folder's own ACL applies.
        }
    }
}
