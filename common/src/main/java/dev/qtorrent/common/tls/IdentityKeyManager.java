package dev.qtorrent.common.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents one {@link NodeIdentity} in every handshake. Handing Netty the key and certificate instead makes it store
 * them in a PKCS12 key store and read them back, which protects the key with PBKDF2 twice: 20,000 HMAC-SHA256
 * rounds per TLS context, mostly interpreted this early in a process, and a client makes a context for every peer
 * it dials.
 */
public final class IdentityKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "identity";

    private final NodeIdentity identity;
    private final String[] aliases = {ALIAS};

    public IdentityKeyManager(NodeIdentity identity) {
        this.identity = identity;
    }

    /** The alias when {@code keyType}, as JSSE names key types ("EC", "EC_EC", "RSA"), fits the identity's key. */
    private String aliasFor(String keyType) {
        return keyType != null && keyType.startsWith(identity.key().getAlgorithm()) ? ALIAS : null;
    }

    private String aliasFor(String[] keyTypes) {
        if (keyTypes != null) {
            for (String keyType : keyTypes) {
                if (aliasFor(keyType) != null) {
                    return ALIAS;
                }
            }
        }
        return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return aliasFor(keyType) == null ? null : aliases.clone();
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return aliasFor(keyTypes);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyTypes);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return aliasFor(keyType) == null ? null : aliases.clone();
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return aliasFor(keyType);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyType);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? new X509Certificate[] {identity.certificate()} : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? identity.key() : null;
    }
}
