package uk.org.phobos.agency.core.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.spec.PBEParameterSpec;

/**
 * What a TLS server presents: its private key and its certificate chain (the component's certificate
 * first, then the CA).
 */
@SuppressWarnings("ArrayRecordComponent") // the array is copied in and out
public record ServerIdentity(PrivateKey privateKey, X509Certificate[] chain) {

    public ServerIdentity {
        Objects.requireNonNull(privateKey, "privateKey");
        if (chain.length == 0) {
            throw new IllegalArgumentException("chain must hold at least the server certificate");
        }
        chain = chain.clone();
    }

    @Override
    public X509Certificate[] chain() {
        return chain.clone();
    }

    public X509Certificate certificate() {
        return chain[0];
    }

    /**
     * An in-memory PKCS#12 key store holding the key and chain under {@link ServerKeyStore#ALIAS}, protected
     * by a fresh random password (Jetty's {@code SslContextFactory.Server} needs one to read the key). The
     * key is encrypted with a single PBKDF2 iteration instead of the JDK's 10,000: the store lives only in
     * this process's memory, where the password sits beside it, so more iterations protect nothing, and on a
     * cold JVM they cost tens of milliseconds of start-up, once to store the key and again to read it. Not
     * for writing to disk.
     */
    public ServerKeyStore toKeyStore() throws GeneralSecurityException {
        SecureRandom random = new SecureRandom();
        byte[] secret = new byte[24];
        random.nextBytes(secret);
        char[] password =
                Base64.getUrlEncoder().withoutPadding().encodeToString(secret).toCharArray();
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try {
            keyStore.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot create an empty PKCS12 key store", e);
        }
        keyStore.setEntry(
                ServerKeyStore.ALIAS,
                new KeyStore.PrivateKeyEntry(privateKey, chain),
                new KeyStore.PasswordProtection(
                        password, "PBEWithHmacSHA256AndAES_256", new PBEParameterSpec(salt, 1)));
        return new ServerKeyStore(keyStore, password);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ServerIdentity that
                && privateKey.equals(that.privateKey)
                && Arrays.equals(chain, that.chain);
    }

    @Override
    public int hashCode() {
        return Objects.hash(privateKey, Arrays.hashCode(chain));
    }

    @Override
    public String toString() {
        return "ServerIdentity[" + certificate().getSubjectX500Principal().getName() + ", valid until "
                + certificate().getNotAfter().toInstant() + "]";
    }
}
