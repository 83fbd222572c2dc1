package dev.qtorrent.common.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(30)
class NodeIdentityTest {
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    @TempDir
    Path dir;

    @Test
    void aLoneKeyLeftLongAgoIsReportedAtOnceAndLeftAlone() throws Exception {
        NodeIdentity.loadOrCreate(dir, NodeIdentity.Role.PEER, null);
        Path keyFile = dir.resolve("identity-key.pem");
        byte[] key = Files.readAllBytes(keyFile);
        Files.delete(dir.resolve("identity-cert.pem"));
        Files.setLastModifiedTime(keyFile, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minusSeconds(60)));

        long start = System.nanoTime();
        IOException e = assertThrows(IOException.class,
                () -> NodeIdentity.loadOrCreate(dir, NodeIdentity.Role.PEER, null));

        assertTrue(e.getMessage().startsWith("incomplete identity: need both " + keyFile), e.getMessage());
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "not mistaken for one being created");
        assertArrayEquals(key, Files.readAllBytes(keyFile), "the key is left alone");
    }

    @Test
    void storedIdentityReloadsWithTheSameKeyAndFingerprint() throws Exception {
        Path folder = dir.resolve("not/yet/there");

        NodeIdentity created = NodeIdentity.loadOrCreate(folder, "tracker.example");
        byte[] keyFile = Files.readAllBytes(folder.resolve(NodeIdentity.KEY_FILE));
        byte[] certFile = Files.readAllBytes(folder.resolve(NodeIdentity.CERT_FILE));
        NodeIdentity reloaded = NodeIdentity.loadOrCreate(folder, "other.example");

        assertEquals(created.fingerprint(), reloaded.fingerprint());
        assertArrayEquals(created.certificate().getEncoded(), reloaded.certificate().getEncoded());
        assertArrayEquals(created.key().getEncoded(), reloaded.key().getEncoded());
        assertArrayEquals(keyFile, Files.readAllBytes(folder.resolve(NodeIdentity.KEY_FILE)), "key rewritten");
        assertArrayEquals(certFile, Files.readAllBytes(folder.resolve(NodeIdentity.CERT_FILE)), "cert rewritten");
        assertTrue(new String(keyFile, StandardCharsets.US_ASCII).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertTrue(new String(certFile, StandardCharsets.US_ASCII).startsWith("-----BEGIN CERTIFICATE-----"));
        try (var left = Files.list(folder)) {
            assertEquals(Set.of(NodeIdentity.KEY_FILE, NodeIdentity.CERT_FILE),
                    left.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()),
                    "no temporary files left behind");
        }
    }

    /**
     * docs/PROTOCOL.md section 3: a new --host keeps the stored certificate, so every pin stays valid, and the new host
     * is not added to its names, which clients do not check.
     */
    @Test
    void anotherAdvertisedHostKeepsTheCertificateWithItsOriginalNames() throws Exception {
        NodeIdentity created = NodeIdentity.loadOrCreate(dir, "old.example");

        NodeIdentity restarted = NodeIdentity.loadOrCreate(dir, "new.example");

        assertEquals(created.fingerprint(), restarted.fingerprint());
        assertEquals(Set.of("localhost", "old.example"), names(restarted.certificate(), SAN_DNS));
    }

    @Test
    void keyIsOwnerOnlyAndCertificateIsPublic() throws Exception {
        Assumptions.assumeTrue(Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null,
                "POSIX permissions");

        NodeIdentity.loadOrCreate(dir, "127.0.0.1");

        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(NodeIdentity.KEY_FILE))));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(NodeIdentity.CERT_FILE))));
    }

    @Test
    void keyMatchesTheCertificate() throws Exception {
        NodeIdentity identity = NodeIdentity.generate("tracker.example");
        byte[] data = "proof".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(identity.key());
        signer.update(data);
        byte[] signature = signer.sign();

        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(identity.certificate());
        verifier.update(data);

        assertTrue(verifier.verify(signature));
        identity.certificate().checkValidity();
        assertEquals(-1, identity.certificate().getBasicConstraints(), "not a CA certificate");
    }

    @ParameterizedTest(name = "advertised {0}")
    @CsvSource(delimiter = '|', value = {
            "tracker.example | localhost tracker.example | 127.0.0.1 ::1",
            "203.0.113.7     | localhost                 | 127.0.0.1 ::1 203.0.113.7",
            "[2001:db8::1]   | localhost                 | 127.0.0.1 ::1 2001:db8::1",
            "2001:db8::2     | localhost                 | 127.0.0.1 ::1 2001:db8::2",
            "localhost       | localhost                 | 127.0.0.1 ::1",
            "127.0.0.1       | localhost                 | 127.0.0.1 ::1"})
    void certificateNamesLoopbackAndTheAdvertisedHost(String advertised, String dns, String ips)
            throws Exception {
        X509Certificate certificate = NodeIdentity.generate(advertised).certificate();

        assertEquals(Set.of(dns.split(" ")), names(certificate, SAN_DNS));
        assertEquals(addresses(List.of(ips.split(" "))), addresses(names(certificate, SAN_IP)));
    }

    @Test
    void blankAdvertisedHostAddsNothing() throws Exception {
        X509Certificate certificate = NodeIdentity.generate(" ").certificate();

        assertEquals(Set.of("localhost"), names(certificate, SAN_DNS));
        assertEquals(addresses(List.of("127.0.0.1", "::1")), addresses(names(certificate, SAN_IP)));
    }

    @Test
    void everyIdentityIsNew() {
        assertTrue(!NodeIdentity.generate("a").fingerprint().equals(NodeIdentity.generate("a").fingerprint()));
    }

    @Test
    void halfAnIdentityIsAnErrorNotANewIdentity() throws Exception {
        NodeIdentity.loadOrCreate(dir, "tracker.example");
        Files.delete(dir.resolve(NodeIdentity.CERT_FILE));

        IOException e = assertThrows(IOException.class, () -> NodeIdentity.loadOrCreate(dir, "tracker.example"));

        assertTrue(e.getMessage().contains(NodeIdentity.KEY_FILE), e.getMessage());
        assertTrue(e.getMessage().contains(NodeIdentity.CERT_FILE), e.getMessage());
        assertTrue(!Files.exists(dir.resolve(NodeIdentity.CERT_FILE)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not PEM at all        | not a key",
            "truncated PEM         | -----BEGIN PRIVATE KEY-----\\nMIGHAgEAMBMGByqGSM49\\n-----END PRIVATE KEY-----",
            "a certificate instead | CERT",
            "empty                 | ''"})
    void damagedKeyIsReportedByNameAndLeftAlone(String damage, String content) throws Exception {
        NodeIdentity.loadOrCreate(dir, NodeIdentity.Role.PEER, null);
        Path keyFile = dir.resolve("identity-key.pem");
        Path certFile = dir.resolve("identity-cert.pem");
        byte[] certificate = Files.readAllBytes(certFile);
        String text = content.equals("CERT") ? new String(certificate, StandardCharsets.US_ASCII)
                : content.replace("\\n", "\n");
        Files.writeString(keyFile, text, StandardCharsets.US_ASCII);

        IOException e = assertThrows(IOException.class,
                () -> NodeIdentity.loadOrCreate(dir, NodeIdentity.Role.PEER, null));

        assertTrue(e.getMessage().startsWith(keyFile + " is damaged"), e.getMessage());
        assertEquals(text, Files.readString(keyFile, StandardCharsets.US_ASCII), "the damaged key is left alone");
        assertArrayEquals(certificate, Files.readAllBytes(certFile), "the certificate is left alone");
    }

    @Test
    void damagedCertificateIsReportedByName() throws Exception {
        NodeIdentity.loadOrCreate(dir, NodeIdentity.Role.PEER, null);
        Path certFile = dir.resolve("identity-cert.pem");
        Files.writeString(certFile, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");

        IOException e = assertThrows(IOException.class,
                () -> NodeIdentity.loadOrCreate(dir, NodeIdentity.Role.PEER, null));

        assertTrue(e.getMessage().startsWith(certFile + " is damaged"), e.getMessage());
    }

    @Test
    void keyOfAnotherIdentityIsReported() throws Exception {
        NodeIdentity.loadOrCreate(dir, NodeIdentity.Role.PEER, null);
        Path other = dir.resolve("other");
        NodeIdentity.loadOrCreate(other, NodeIdentity.Role.PEER, null);
        Files.copy(other.resolve("identity-key.pem"), dir.resolve("identity-key.pem"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        IOException e = assertThrows(IOException.class,
                () -> NodeIdentity.loadOrCreate(dir, NodeIdentity.Role.PEER, null));

        assertTrue(e.getMessage().contains("is not the key of"), e.getMessage());
    }

    @Test
    void peerIdentityIsCreatedOnceWithItsOwnFileNamesAndReused() throws Exception {
        Path folder = dir.resolve("qtorrent");

        NodeIdentity created = NodeIdentity.loadOrCreate(folder, NodeIdentity.Role.PEER, null);
        NodeIdentity reused = NodeIdentity.loadOrCreate(folder, NodeIdentity.Role.PEER, null);

        assertEquals(created.fingerprint(), reused.fingerprint());
        assertEquals("CN=quic-torrent peer", reused.certificate().getSubjectX500Principal().getName());
        try (var files = Files.list(folder)) {
            assertEquals(Set.of("identity-key.pem", "identity-cert.pem"),
                    files.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
        }
        if (Files.getFileAttributeView(folder, PosixFileAttributeView.class) != null) {
            assertEquals("rw-------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(folder.resolve("identity-key.pem"))));
        }
    }

    /**
     * A tls/ folder written before the identity code served both programs (kept as a test resource, its fingerprint
     * taken with {@code openssl x509 -outform DER | sha256sum} when it was made) loads unchanged.
     */
    @Test
    void existingTrackerFolderKeepsItsFingerprint() throws Exception {
        Path tls = Files.createDirectories(dir.resolve("tls"));
        for (String name : List.of("tracker-key.pem", "tracker-cert.pem")) {
            try (var in = NodeIdentityTest.class.getResourceAsStream("/tls-before-node-identity/" + name)) {
                Files.copy(in, tls.resolve(name));
            }
        }
        byte[] key = Files.readAllBytes(tls.resolve("tracker-key.pem"));

        NodeIdentity loaded = NodeIdentity.loadOrCreate(tls, "another.example");

        assertEquals("6fca201cfc3b373936d8b3f93858973b44790c5f5b4b5209576f53144fd264df", loaded.fingerprint().hex());
        assertEquals("CN=quic-torrent tracker", loaded.certificate().getSubjectX500Principal().getName());
        assertArrayEquals(key, Files.readAllBytes(tls.resolve("tracker-key.pem")));
    }

    /** Two processes starting for the first time at once end up with one identity, not one each. */
    @Test
    void concurrentFirstUseAgreesOnOneIdentity() throws Exception {
        for (int round = 0; round < 5; round++) {
            Path folder = dir.resolve("round-" + round);
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
            java.util.concurrent.Callable<Fingerprint> create = () -> {
                start.await();
                return NodeIdentity.loadOrCreate(folder, NodeIdentity.Role.PEER, null).fingerprint();
            };
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                var first = pool.submit(create);
                var second = pool.submit(create);
                assertEquals(first.get(), second.get());
                assertEquals(first.get(), NodeIdentity.loadOrCreate(folder, NodeIdentity.Role.PEER, null)
                        .fingerprint());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static Set<String> names(X509Certificate certificate, int type) throws CertificateParsingException {
        Set<String> names = new HashSet<>();
        for (List<?> entry : certificate.getSubjectAlternativeNames()) {
            if (((Integer) entry.get(0)) == type) {
                names.add((String) entry.get(1));
            }
        }
        return names;
    }

    /** Compares IP literals by address, since IPv6 has many spellings. */
    private static Set<InetAddress> addresses(java.util.Collection<String> literals) throws UnknownHostException {
        Set<InetAddress> addresses = new HashSet<>();
        for (String literal : literals) {
            addresses.add(InetAddress.getByName(literal));
        }
        return addresses;
    }
}
