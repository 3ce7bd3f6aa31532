package uk.org.phobos.agency.bench;

import io.javalin.Javalin;
import java.util.Map;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The floor for a service's start-up on this machine: a bare Javalin app serving {@code GET /status} over
 * HTTPS from a PKCS#12 key store file, nothing else (no Agency code on its path). Started with the services'
 * launcher flags and a class-data archive of its own, it is what "the JVM's own limit" means for the agent's
 * start-up target. Usage: {@code BareJavalin PORT KEYSTORE PASSWORD}; prints {@code listening on PORT}.
 */
public final class BareJavalin {
    private BareJavalin() {}

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Javalin.create(config -> {
                    config.startup.showJavalinBanner = false;
                    config.jetty.addConnector((server, http) -> {
                        SslContextFactory.Server ssl = new SslContextFactory.Server();
                        ssl.setKeyStorePath(args[1]);
                        ssl.setKeyStorePassword(args[2]);
                        ssl.setSniRequired(false);
                        // Requests to https://127.0.0.1 carry no SNI, which Jetty refuses by default.
                        SecureRequestCustomizer secure = new SecureRequestCustomizer();
                        secure.setSniHostCheck(false);
                        http.addCustomizer(secure);
                        ServerConnector connector = new ServerConnector(
                                server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
                        connector.setHost("127.0.0.1");
                        connector.setPort(port);
                        return connector;
                    });
                    config.routes.get("/status", ctx -> ctx.json(Map.of("state", "idle")));
                })
                .start();
        System.out.println("listening on " + port);
    }
}
