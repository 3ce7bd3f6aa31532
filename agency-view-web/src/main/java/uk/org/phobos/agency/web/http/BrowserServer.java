package uk.org.phobos.agency.web.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.net.URI;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.ServerConnector;
import uk.org.phobos.agency.core.component.AccessLog;
import uk.org.phobos.agency.core.component.ErrorMapping;
import uk.org.phobos.agency.core.component.JsonBodies;
import uk.org.phobos.agency.core.component.TlsConnector;

/**
 * The browser side of the web view (default port 8443): its own HTTPS Javalin app, beside the
 * component server of the internal API. Every response gets {@link SecurityHeaders}; every
 * state-changing request passes {@link BrowserGuards}; {@code gate} decides who is signed in.
 */
public final class BrowserServer implements AutoCloseable {
    public static final long BODY_LIMIT_BYTES = 256 * 1024;

    /** Runs before every route, after the headers and guards: the sign-in check. */
    public interface Gate {
        void check(io.javalin.http.Context ctx);
    }

    private final Javalin app;
    private final ServerConnector connector;
    private final String host;

    public BrowserServer(
            String host,
            int port,
            KeyStore keyStore,
            char[] keyStorePassword,
            ObjectMapper mapper,
            Gate gate,
            List<BrowserRoutes> features) {
        this.host = host;
        SecurityHeaders headers = new SecurityHeaders();
        BrowserGuards guards = new BrowserGuards();
        TlsConnector tls = new TlsConnector(keyStore, keyStorePassword, host, port);
        AtomicReference<ServerConnector> created = new AtomicReference<>();
        JsonBodies bodies = new JsonBodies(mapper, BODY_LIMIT_BYTES);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.startup.startupWatcherEnabled = false;
            config.http.maxRequestSize = BODY_LIMIT_BYTES;
            config.http.prefer405over404 = true;
            config.jsonMapper(new JavalinJackson(mapper, false));
            config.jetty.addConnector((server, httpConfig) -> {
                ServerConnector connector = tls.create(server, httpConfig);
                created.set(connector);
                return connector;
            });
            config.requestLogger.http(new AccessLog()::record);
            new ErrorMapping().install(config.routes);
            config.routes.before(ctx -> {
                headers.apply(ctx);
                guards.check(ctx);
                gate.check(ctx);
            });
            for (BrowserRoutes feature : features) {
                feature.addRoutes(config.routes, bodies);
            }
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            app.stop();
            throw new IllegalStateException(
                    "cannot serve the dashboard on " + host + ":" + port + ": " + rootMessage(e)
                            + " (choose another port with --port)",
                    e);
        }
        this.connector = created.get();
    }

    public int port() {
        return connector.getLocalPort();
    }

    public URI baseUri() {
        String shown = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("https://" + shown + ":" + port());
    }

    @Override
    public void close() {
        app.stop();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
