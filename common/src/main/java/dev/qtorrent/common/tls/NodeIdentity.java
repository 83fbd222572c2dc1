package dev.qtorrent.common.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** The tracker's identity in {@code dir}, made when there is none; see {@link #loadOrCreate(Path, Role, String)}. */
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
            return IdentityFiles.loadExisting(keyFile, certFile);
        }
        NodeIdentity identity = generate(role, advertisedHost);
        try {
            IdentityFiles.store(identity, keyFile, certFile);
        } catch (FileAlreadyExistsException e) {
            return IdentityFiles.loadCreatedElsewhere(keyFile, certFile);
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
}

