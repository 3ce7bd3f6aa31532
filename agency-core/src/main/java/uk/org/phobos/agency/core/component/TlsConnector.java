package uk.org.phobos.agency.core.component;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * An HTTPS connector from Jetty's own {@link SslContextFactory.Server}, bound to one address. Public so
 * that a service serving a second, non-component HTTPS app (the web view's browser side) builds its
 * connector the same way.
 */
public final class TlsConnector {
    private final KeyStore keyStore;
    private final char[] keyStorePassword;
    private final String host;
    private final int port;

    public TlsConnector(KeyStore keyStore, char[] keyStorePassword, String host, int port) {
        this.keyStore = keyStore;
        this.keyStorePassword = keyStorePassword.clone();
        this.host = host;
        this.port = port;
    }

    public ServerConnector create(Server server, HttpConfiguration httpConfig) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(keyStore);
        ssl.setKeyStorePassword(new String(keyStorePassword));
        // No client is asked for a certificate, so the server trusts none. Without a trust store of its own
        // the JDK would parse its ~140 system CAs at start-up, for nothing.
        ssl.setTrustStore(emptyTrustStore());
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        // Requests to https://127.0.0.1 carry no SNI; Jetty would answer them 400 otherwise.
        ssl.setSniRequired(false);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        secure.setSniRequired(false);
        httpConfig.addCustomizer(secure);
        httpConfig.setSendServerVersion(false);
        httpConfig.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(
                server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(httpConfig));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    private static KeyStore emptyTrustStore() {
        try {
            KeyStore trustStore = KeyStore.getInstance("PKCS12");
            trustStore.load(null, null);
            return trustStore;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot create an empty PKCS12 key store", e);
        }
    }
}
