package uk.org.phobos.agency.core.service;

import java.io.IOException;
import java.io.PrintStream;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.core.auth.FleetToken;
import uk.org.phobos.agency.core.component.ComponentServer;
import uk.org.phobos.agency.core.component.PortRange;
import uk.org.phobos.agency.core.component.Statusable;
import uk.org.phobos.agency.core.config.AgencyHome;
import uk.org.phobos.agency.core.logging.LogFormat;
import uk.org.phobos.agency.core.logging.LogSetup;
import uk.org.phobos.agency.core.tls.FleetTls;
import uk.org.phobos.agency.core.tls.ServerKeyStore;

/**
 * Starts a service the same way everywhere: logging, {@code AGENCY_ROOT}, the fleet token, the
 * component's certificate, the HTTPS server on the first free port of its range, the one line
 * {@code <binary> listening on https://HOST:PORT}, and a SIGTERM hook that drains before exit.
 */
public final class ServiceLauncher {
    private static final Logger log = LoggerFactory.getLogger(ServiceLauncher.class);
    public static final Duration SIGTERM_DRAIN = Duration.ofSeconds(30);

    private final String binary;
    private final PortRange defaultPorts;
    private final Map<String, String> env;
    private final PrintStream out;

    public ServiceLauncher(String binary, PortRange defaultPorts, Map<String, String> env, PrintStream out) {
        this.binary = binary;
        this.defaultPorts = defaultPorts;
        this.env = env;
        this.out = out;
    }

    /** Configures logging from the options (and {@code AGENCY_LOG_LEVEL}); call before anything logs. */
    public void configureLogging(ServiceOptions options) {
        String level = options.logLevel() != null ? options.logLevel() : env.getOrDefault("AGENCY_LOG_LEVEL", "info");
        LogSetup.configure(
                options.logFormat() == null ? LogFormat.AUTO : options.logFormat(), LogSetup.parseLevel(level));
    }

    public AgencyHome home() {
        return AgencyHome.fromEnvironment(env);
    }

    /** Builds the component once its home folder and port are known (its state folder may depend on the port). */
    @FunctionalInterface
    public interface ComponentFactory {
        Statusable create(AgencyHome home, int port) throws IOException;
    }

    /**
     * Starts the component and serves it until it is shut down. Returns the running server; the
     * caller usually calls {@link ComponentServer#awaitStopped()}.
     */
    public ComponentServer start(ServiceOptions options, ComponentFactory componentFactory)
            throws IOException, GeneralSecurityException {
        return start(
                options, options.port() != null ? PortRange.single(options.port()) : defaultPorts, componentFactory);
    }

    /**
     * As {@link #start(ServiceOptions, ComponentFactory)}, on {@code ports} instead of {@code --port}: for a
     * service whose component port is not its main one (the web view serves browsers on {@code --port} and
     * its component API on {@code --internal-port}).
     */
    public ComponentServer start(ServiceOptions options, PortRange ports, ComponentFactory componentFactory)
            throws IOException, GeneralSecurityException {
        AgencyHome home = home();
        home.ensureRoot();
        FleetToken token = FleetToken.loadOrCreate(home, env);
        FleetTls tls = FleetTls.open(home);
        List<String> extraNames = isWildcardOrLoopback(options.bind()) ? List.of() : List.of(options.bind());
        ServerKeyStore keyStore = tls.serverIdentity(binary, extraNames).toKeyStore();
        int port = new FreePortFinder().first(options.bind(), ports);
        Statusable component = componentFactory.create(home, port);
        ComponentServer server = ComponentServer.builder(component)
                .host(options.bind())
                .ports(PortRange.single(port))
                .tls(keyStore.keyStore(), keyStore.password())
                .tokenCheck(token::matches)
                .exitHook(System::exit)
                .start();
        TerminationSignals.install(server, SIGTERM_DRAIN);
        out.println(binary + " listening on " + server.baseUri());
        out.flush();
        log.info("{} {} serving {} (AGENCY_ROOT {})", binary, component.version(), server.baseUri(), home);
        return server;
    }

    private static boolean isWildcardOrLoopback(String host) {
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1");
    }
}
