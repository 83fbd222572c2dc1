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
class TrackerIdentityTest {
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    @TempDir
    Path dir;

    @Test
    void storedIdentityReloadsWithTheSameKeyAndFingerprint() throws Exception {
        Path folder = dir.resolve("not/yet/there");

        TrackerIdentity created = TrackerIdentity.loadOrCreate(folder, "tracker.example");
        byte[] keyFile = Files.readAllBytes(folder.resolve(TrackerIdentity.KEY_FILE));
        byte[] certFile = Files.readAllBytes(folder.resolve(TrackerIdentity.CERT_FILE));
        TrackerIdentity reloaded = TrackerIdentity.loadOrCreate(folder, "other.example");

        assertEquals(created.fingerprint(), reloaded.fingerprint());
        assertArrayEquals(created.certificate().getEncoded(), reloaded.certificate().getEncoded());
        assertArrayEquals(created.key().getEncoded(), reloaded.key().getEncoded());
        assertArrayEquals(keyFile, Files.readAllBytes(folder.resolve(TrackerIdentity.KEY_FILE)), "key rewritten");
        assertArrayEquals(certFile, Files.readAllBytes(folder.resolve(TrackerIdentity.CERT_FILE)), "cert rewritten");
        assertTrue(new String(keyFile, StandardCharsets.US_ASCII).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertTrue(new String(certFile, StandardCharsets.US_ASCII).startsWith("-----BEGIN CERTIFICATE-----"));
        try (var left = Files.list(folder)) {
            assertEquals(Set.of(TrackerIdentity.KEY_FILE, TrackerIdentity.CERT_FILE),
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
        TrackerIdentity created = TrackerIdentity.loadOrCreate(dir, "old.example");

        TrackerIdentity restarted = TrackerIdentity.loadOrCreate(dir, "new.example");

        assertEquals(created.fingerprint(), restarted.fingerprint());
        assertEquals(Set.of("localhost", "old.example"), names(restarted.certificate(), SAN_DNS));
    }

    @Test
    void keyIsOwnerOnlyAndCertificateIsPublic() throws Exception {
        Assumptions.assumeTrue(Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null,
                "POSIX permissions");

        TrackerIdentity.loadOrCreate(dir, "127.0.0.1");

        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(TrackerIdentity.KEY_FILE))));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(TrackerIdentity.CERT_FILE))));
    }

    @Test
    void keyMatchesTheCertificate() throws Exception {
        TrackerIdentity identity = TrackerIdentity.generate("tracker.example");
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
        X509Certificate certificate = TrackerIdentity.generate(advertised).certificate();

        assertEquals(Set.of(dns.split(" ")), names(certificate, SAN_DNS));
        assertEquals(addresses(List.of(ips.split(" "))), addresses(names(certificate, SAN_IP)));
    }

    @Test
    void blankAdvertisedHostAddsNothing() throws Exception {
        X509Certificate certificate = TrackerIdentity.generate(" ").certificate();

        assertEquals(Set.of("localhost"), names(certificate, SAN_DNS));
        assertEquals(addresses(List.of("127.0.0.1", "::1")), addresses(names(certificate, SAN_IP)));
    }

    @Test
    void everyIdentityIsNew() {
        assertTrue(!TrackerIdentity.generate("a").fingerprint().equals(TrackerIdentity.generate("a").fingerprint()));
    }

    @Test
    void halfAnIdentityIsAnErrorNotANewIdentity() throws Exception {
        TrackerIdentity.loadOrCreate(dir, "tracker.example");
        Files.delete(dir.resolve(TrackerIdentity.CERT_FILE));

        IOException e = assertThrows(IOException.class, () -> TrackerIdentity.loadOrCreate(dir, "tracker.example"));

        assertTrue(e.getMessage().contains(TrackerIdentity.KEY_FILE), e.getMessage());
        assertTrue(e.getMessage().contains(TrackerIdentity.CERT_FILE), e.getMessage());
        assertTrue(!Files.exists(dir.resolve(TrackerIdentity.CERT_FILE)));
    }

    @Test
    void unreadableKeyIsAnIoError() throws Exception {
        TrackerIdentity.loadOrCreate(dir, "tracker.example");
        Files.writeString(dir.resolve(TrackerIdentity.KEY_FILE), "not a key\n");

        assertThrows(IOException.class, () -> TrackerIdentity.loadOrCreate(dir, "tracker.example"));
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
