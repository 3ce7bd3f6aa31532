package uk.org.phobos.agency.core.component;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.json.JavalinJackson;
import java.net.BindException;
import java.net.URI;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.function.Predicate;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.core.api.AgencyJson;
import uk.org.phobos.agency.core.api.ComponentInterface;
import uk.org.phobos.agency.core.api.ShutdownAccepted;
import uk.org.phobos.agency.core.api.ShutdownRequest;
import uk.org.phobos.agency.core.api.StatusReport;

/**
 * Turns a component object into a running HTTPS service: {@code /status}, {@code /shutdown}, the
 * routes of each interface the object implements, fleet-token auth, JSON-only bodies of at most
 * 1 MiB, the error envelope for every failure, and an access log.
 */
public final class ComponentServer implements AutoCloseable {
    public static final long BODY_LIMIT_BYTES = 1024 * 1024;
    private static final Logger log = LoggerFactory.getLogger(ComponentServer.class);

    private final Statusable component;
    private final Clock clock;
    private final Instant startedAt;
    private final EventStreams streams;
    private final ShutdownSequence shutdown;
    private final IntConsumer exitHook;
    private final Javalin app;
    private final ServerConnector connector;
    private final String host;

    private ComponentServer(Builder builder) {
        this.component = builder.component;
        this.clock = builder.clock;
        this.exitHook = builder.exitHook;
        this.host = builder.host;
        this.startedAt = clock.instant();
        this.streams = new EventStreams(builder.mapper);
        this.shutdown = new ShutdownSequence(component, this::stopServing);
        Started started = bindFirstFree(builder);
        this.app = started.app;
        this.connector = started.connector;
    }

    public static Builder builder(Statusable component) {
        return new Builder(component);
    }

    /** The port the server listens on (the one it picked when given 0 or a range). */
    public int port() {
        return connector.getLocalPort();
    }

    public String host() {
        return host;
    }

    /** {@code https://HOST:PORT}, with IPv6 addresses in brackets. */
    public URI baseUri() {
        String shown = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("https://" + shown + ":" + port());
    }

    public Statusable component() {
        return component;
    }

    public boolean isDraining() {
        return shutdown.isStarted();
    }

    /** Runs the shutdown sequence now on this thread (e.g. from a SIGTERM hook). */
    public void shutdown(boolean force, Duration timeout) {
        shutdown.run(force, timeout);
    }

    /** Blocks until the server has stopped serving. */
    public void awaitStopped() {
        shutdown.awaitFinished();
    }

    /** Stops at once: a forced shutdown. */
    @Override
    public void close() {
        shutdown.run(true, Duration.ZERO);
    }

    StatusReport status() {
        Instant now = clock.instant();
        String state = shutdown.isStarted() ? "draining" : component.state();
        return new StatusReport(
                component.type(),
                component.name(),
                interfaces(component),
                component.version(),
                state,
                startedAt,
                Math.max(0, Duration.between(startedAt, now).toSeconds()),
                component.config(),
                new java.util.LinkedHashMap<>(component.statusDetails()));
    }

    static List<ComponentInterface> interfaces(Statusable component) {
        List<ComponentInterface> interfaces = new ArrayList<>(List.of(ComponentInterface.STATUSABLE));
        if (component instanceof Taskable) {
            interfaces.add(ComponentInterface.TASKABLE);
        }
        if (component instanceof Observable) {
            interfaces.add(ComponentInterface.OBSERVABLE);
        }
        if (component instanceof Configurable) {
            interfaces.add(ComponentInterface.CONFIGURABLE);
        }
        return interfaces;
    }

    private void stopServing() {
        streams.closeAll();
        if (app != null) {
            app.stop();
        }
    }

    private record Started(Javalin app, ServerConnector connector) {}

    private Started bindFirstFree(Builder builder) {
        BindException lastFailure = null;
        for (int port = builder.ports.first(); port <= builder.ports.last(); port++) {
            AtomicReference<ServerConnector> connector = new AtomicReference<>();
            TlsConnector tls = new TlsConnector(builder.keyStore, builder.keyStorePassword, builder.host, port);
            Javalin candidate = Javalin.create(config -> configure(config, builder, tls, connector));
            try {
                candidate.start();
                return new Started(candidate, connector.get());
            } catch (RuntimeException e) {
                BindException bind = bindFailure(e);
                candidate.stop();
                if (bind == null) {
                    throw e;
                }
                lastFailure = bind;
                log.debug("port {} is taken, trying the next", port);
            }
        }
        throw new IllegalStateException(
                "no free port in " + builder.ports + " on " + builder.host + ": all are in use", lastFailure);
    }

    private static BindException bindFailure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException bind) {
                return bind;
            }
        }
        return null;
    }

    private void configure(
            JavalinConfig config, Builder builder, TlsConnector tls, AtomicReference<ServerConnector> connector) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.startup.startupWatcherEnabled = false;
        config.http.maxRequestSize = BODY_LIMIT_BYTES;
        config.http.prefer405over404 = true;
        config.jsonMapper(new JavalinJackson(builder.mapper, false));
        config.jetty.addConnector((server, httpConfig) -> {
            ServerConnector created = tls.create(server, httpConfig);
            connector.set(created);
            return created;
        });
        AccessLog accessLog = new AccessLog();
        config.requestLogger.http(accessLog::record);

        JsonBodies bodies = new JsonBodies(builder.mapper, BODY_LIMIT_BYTES);
        RequestGuards guards = new RequestGuards(builder.tokenCheck, BODY_LIMIT_BYTES);
        new ErrorMapping().install(config.routes);
        config.routes.before(guards::check);
        config.routes.get("/status", ctx -> ctx.json(status()));
        config.routes.post("/shutdown", ctx -> {
            ShutdownRequest request = bodies.readOptional(ctx, ShutdownRequest.class)
                    .orElse(new ShutdownRequest(false, null))
                    .validated();
            ShutdownAccepted accepted = new ShutdownAccepted(
                    request.forced() ? "stopping" : "draining", request.forced(), request.effectiveTimeoutSeconds());
            // Refuse new work before the 202 leaves: a client that calls again at once must see it draining.
            boolean began = shutdown.begin();
            sendNow(ctx, 202, builder.mapper.writeValueAsBytes(accepted));
            if (began) {
                startShutdown(request);
            }
        });
        if (component instanceof Taskable taskable) {
            new TaskRoutes(taskable, bodies, shutdown::isStarted).install(config.routes);
        }
        if (component instanceof Observable observable) {
            new ObserverRoutes(observable, streams).install(config.routes);
        }
        if (component instanceof Configurable configurable) {
            new ConfigRoutes(configurable, bodies).install(config.routes);
        }
        if (component instanceof RouteContributor contributor) {
            contributor.addRoutes(config.routes, bodies);
        }
    }

    /**
     * Writes and flushes a response at once. The shutdown that follows may stop the server before
     * Javalin would write a result, and the client must still get its 202.
     */
    private static void sendNow(io.javalin.http.Context ctx, int status, byte[] body) throws java.io.IOException {
        ctx.status(status);
        ctx.res().setContentType("application/json");
        ctx.res().setContentLength(body.length);
        ctx.res().getOutputStream().write(body);
        ctx.res().flushBuffer();
    }

    private void startShutdown(ShutdownRequest request) {
        Thread thread = new Thread(
                () -> {
                    shutdown.complete(request.forced(), Duration.ofSeconds(request.effectiveTimeoutSeconds()));
                    exitHook.accept(0);
                },
                "agency-shutdown");
        thread.setDaemon(false);
        thread.start();
    }

    /** Settings for a {@link ComponentServer}; TLS material and the token check are required. */
    public static final class Builder {
        private final Statusable component;
        private String host = "127.0.0.1";
        private PortRange ports = PortRange.single(0);
        private KeyStore keyStore;
        private char[] keyStorePassword;
        private Predicate<String> tokenCheck;
        private ObjectMapper mapper = AgencyJson.newMapper();
        private Clock clock = Clock.systemUTC();
        private IntConsumer exitHook = code -> {};

        private Builder(Statusable component) {
            this.component = Objects.requireNonNull(component, "component");
        }

        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        public Builder ports(PortRange ports) {
            this.ports = Objects.requireNonNull(ports, "ports");
            return this;
        }

        /** The server's key pair and certificate chain, as Jetty takes them. */
        public Builder tls(KeyStore keyStore, char[] password) {
            this.keyStore = Objects.requireNonNull(keyStore, "keyStore");
            this.keyStorePassword = Objects.requireNonNull(password, "password").clone();
            return this;
        }

        /** Says whether a presented bearer token is the fleet token; must compare in constant time. */
        public Builder tokenCheck(Predicate<String> tokenCheck) {
            this.tokenCheck = Objects.requireNonNull(tokenCheck, "tokenCheck");
            return this;
        }

        /** A token check against a known token, compared in constant time. */
        public Builder token(String token) {
            return tokenCheck(RequestGuards.constantTimeEquals(token));
        }

        public Builder mapper(ObjectMapper mapper) {
            this.mapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Called with exit code 0 once a {@code POST /shutdown} has finished; a service passes System::exit. */
        public Builder exitHook(IntConsumer exitHook) {
            this.exitHook = Objects.requireNonNull(exitHook, "exitHook");
            return this;
        }

        public ComponentServer start() {
            if (keyStore == null) {
                throw new IllegalStateException("tls(...) is required: Agency serves HTTPS only");
            }
            if (tokenCheck == null) {
                throw new IllegalStateException("tokenCheck(...) is required: mutating endpoints need the fleet token");
            }
            if (!"127.0.0.1".equals(host) && !"::1".equals(host) && !"localhost".equals(host)) {
                log.warn("binding to {}: this component is reachable from other machines", host);
            }
            return new ComponentServer(this);
        }
    }
}
