package dev.qtorrent.common.tls;

import java.net.Socket;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts exactly one server certificate, identified by its SHA-256 fingerprint, or any certificate when built
 * {@link #insecure()}. The pin replaces chain and host-name checks: a torrent that names the tracker's fingerprint
 * says more than any certificate authority could. The TLS stack drops the exception text on a failed handshake, so
 * the fingerprint that was offered is kept for the caller's error message.
 */
public final class PinningTrustManager extends X509ExtendedTrustManager {
    private final Fingerprint pin;
    private final AtomicReference<Fingerprint> seen = new AtomicReference<>();

    private PinningTrustManager(Fingerprint pin) {
        this.pin = pin;
    }

    public static PinningTrustManager pinned(Fingerprint pin) {
        return new PinningTrustManager(pin);
    }

    /** Accepts any certificate; the fingerprint offered is still recorded. */
    public static PinningTrustManager insecure() {
        return new PinningTrustManager(null);
    }

    /** The fingerprint of the last certificate the server presented, if a handshake got that far. */
    public Optional<Fingerprint> presented() {
        return Optional.ofNullable(seen.get());
    }

    /** Whether the last certificate presented did not match the pin. */
    public boolean mismatched() {
        Fingerprint presented = seen.get();
        return pin != null && presented != null && !presented.equals(pin);
    }

    public Optional<Fingerprint> pin() {
        return Optional.ofNullable(pin);
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the server presented no certificate");
        }
        Fingerprint presented = Fingerprint.of(chain[0]);
        seen.set(presented);
        if (pin == null) {
            return;
        }
        if (!MessageDigest.isEqual(pin.bytes(), presented.bytes())) {
            throw new CertificateException("server certificate pin mismatch: expected sha256=" + pin
                    + " got sha256=" + presented);
        }
        chain[0].checkValidity();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("client certificates are not used");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("client certificates are not used");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("client certificates are not used");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
