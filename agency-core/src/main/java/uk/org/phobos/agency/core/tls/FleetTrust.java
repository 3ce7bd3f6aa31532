package uk.org.phobos.agency.core.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * What an Agency client trusts: the fleet's CAs and nothing else (no JDK cacerts, no trust-all). Built
 * with the plain JDK, so a CLI pays no Bouncy Castle start-up for it.
 */
public record FleetTrust(List<X509Certificate> authorities) {

    public FleetTrust {
        authorities = List.copyOf(authorities);
        if (authorities.isEmpty()) {
            throw new IllegalArgumentException("a fleet trust needs at least one CA certificate");
        }
    }

    /** The own and imported CAs of {@code tlsDir}; {@link TlsSetupException} with advice when there are none. */
    public static FleetTrust fromTlsDir(Path tlsDir) throws IOException {
        List<X509Certificate> authorities = new TrustedCas(new TlsDirectory(tlsDir)).load();
        if (authorities.isEmpty()) {
            throw new TlsSetupException("No Agency CA in " + tlsDir + ": start an Agency component on this machine"
                    + " (the first one creates the CA), or import another machine's CA with `ag tls import FILE`.");
        }
        return new FleetTrust(authorities);
    }

    /** The CA certificates of one PEM file, such as {@code tls/ca.pem}. */
    public static FleetTrust fromCaFile(Path caPem) throws IOException {
        List<X509Certificate> authorities = new CertificatePemFile(caPem).read();
        if (authorities.isEmpty()) {
            throw new TlsSetupException(caPem + " holds no certificate");
        }
        return new FleetTrust(authorities);
    }

    /**
     * A client context that verifies servers against these CAs only. Host names are checked by the
     * connection ({@code java.net.http.HttpClient} does by default). "TLSv1.3" also enables TLSv1.2; the JDK
     * disables older versions.
     */
    public SSLContext sslContext() throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(null, new TrustManager[] {trustManager()}, null);
        return context;
    }

    /** A PKIX trust manager whose only anchors are these CAs. */
    public X509TrustManager trustManager() throws GeneralSecurityException {
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        try {
            anchors.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot create an empty PKCS12 key store", e);
        }
        for (int i = 0; i < authorities.size(); i++) {
            anchors.setCertificateEntry("agency-ca-" + i, authorities.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(anchors);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the PKIX trust manager factory offers no X509TrustManager");
    }
}
