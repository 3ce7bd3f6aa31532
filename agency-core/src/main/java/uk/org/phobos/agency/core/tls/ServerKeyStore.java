package uk.org.phobos.agency.core.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;

/**
 * A key store for a TLS server and the password of both the store and its key entry. For Jetty:
 * {@code factory.setKeyStore(keyStore()); factory.setKeyStorePassword(new String(password()));}.
 */
@SuppressWarnings("ArrayRecordComponent") // the array is copied in and out
public record ServerKeyStore(KeyStore keyStore, char[] password) {
    public static final String ALIAS = "agency";

    public ServerKeyStore {
        Objects.requireNonNull(keyStore, "keyStore");
        password = password.clone();
    }

    @Override
    public char[] password() {
        return password.clone();
    }

    /** Key managers for servers that take them directly (the JDK's {@code HttpsServer}, plain sockets). */
    public KeyManager[] keyManagers() throws GeneralSecurityException {
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keyStore, password);
        return factory.getKeyManagers();
    }

    @Override
    public String toString() {
        return "ServerKeyStore[alias " + ALIAS + ", password hidden]";
    }
}
