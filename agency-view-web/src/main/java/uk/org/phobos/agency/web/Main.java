package uk.org.phobos.agency.web;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import uk.org.phobos.agency.core.auth.FleetToken;
import uk.org.phobos.agency.core.client.AgencyClient;
import uk.org.phobos.agency.core.component.ComponentServer;
import uk.org.phobos.agency.core.component.PortRange;
import uk.org.phobos.agency.core.config.AgencyHome;
import uk.org.phobos.agency.core.config.YamlConfigLoader;
import uk.org.phobos.agency.core.service.AgencyCommandLine;
import uk.org.phobos.agency.core.service.AgencyVersion;
import uk.org.phobos.agency.core.service.DurationConverter;
import uk.org.phobos.agency.core.service.ServiceLauncher;
import uk.org.phobos.agency.core.service.ServiceOptions;
import uk.org.phobos.agency.core.tls.FleetTls;
import uk.org.phobos.agency.core.tls.ServerKeyStore;
import uk.org.phobos.agency.web.auth.PasswordCheck;
import uk.org.phobos.agency.web.live.HttpEventUpstream;

/** {@code ag-view-web}: the dashboard (browser side) and the fleet's task intake (internal side). */
@Command(
        name = "ag-view-web",
        mixinStandardHelpOptions = true,
        versionProvider = AgencyVersion.class,
        sortOptions = false,
        subcommands = SetPassword.class,
        description = {
            "Serves the Agency dashboard over HTTPS (--port, default 8443, on --bind) and the fleet's internal",
            "task API (--internal-port, default 8444, fleet token, on 127.0.0.1 unless --internal-bind says",
            "otherwise). The password comes from AG_WEB_PASSWORD, or from the hash that",
            "'ag-view-web set-password' stores in AGENCY_ROOT/web/password.argon2."
        },
        footer = {
            "",
            "Examples:",
            "  AG_WEB_PASSWORD='correct horse battery' ag-view-web",
            "  ag-view-web set-password --generate        # prints a new password once, stores its hash",
            "  ag-view-web --port 9443 --discovery-range 9000-9099 --trusted-proxy 127.0.0.1"
        })
public final class Main implements Callable<Integer> {
    static final String BINARY = "ag-view-web";
    static final int DEFAULT_BROWSER_PORT = 8443;
    static final int DEFAULT_INTERNAL_PORT = 8444;
    static final String DEFAULT_INTERNAL_BIND = "127.0.0.1";

    @Mixin
    ServiceOptions service = new ServiceOptions();

    @Option(names = "--internal-port", paramLabel = "N", description = "Port of the internal API (default: 8444).")
    Integer internalPort;

    @Option(
            names = "--internal-bind",
            paramLabel = "ADDR",
            description = "Address of the internal API (default: 127.0.0.1, whatever --bind says). Anything but "
                    + "loopback lets other machines reach it with the fleet token, and logs a warning.")
    String internalBind;

    @Option(
            names = "--discovery-range",
            paramLabel = "A-B",
            description = "Local ports to discover components on (default: 9000-9299).")
    String discoveryRange;

    @Option(
            names = "--discover",
            paramLabel = "HOST:A-B",
            description = "Another host and port range to discover components on (repeatable).")
    List<String> discover = new ArrayList<>();

    @Option(
            names = "--trusted-proxy",
            paramLabel = "ADDR",
            description = "The reverse proxy's address: only its X-Forwarded-For is believed (default: none).")
    String trustedProxy;

    @Option(names = "--name", paramLabel = "NAME", description = "The web view's name (default: web).")
    String name;

    @Option(
            names = "--poll-interval",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How often the fleet is polled (default: 2s).")
    Duration pollInterval;

    private final Map<String, String> env;
    private final PrintStream out;

    Main(Map<String, String> env, PrintStream out) {
        this.env = env;
        this.out = out;
    }

    public static void main(String[] args) {
        int code = AgencyCommandLine.of(new Main(System.getenv(), System.out)).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws Exception {
        ServiceLauncher launcher = new ServiceLauncher(BINARY, PortRange.single(DEFAULT_INTERNAL_PORT), env, out);
        launcher.configureLogging(service);
        WebConfig file = service.config() == null
                ? WebConfig.EMPTY
                : new YamlConfigLoader().load(service.config(), WebConfig.class);
        WebSettings settings = settings(file);
        AgencyHome home = launcher.home();
        home.ensureRoot();
        FleetToken token = FleetToken.loadOrCreate(home, env);
        FleetTls tls = FleetTls.open(home);
        boolean loopback = List.of("127.0.0.1", "::1", "localhost").contains(settings.bind());
        ServerKeyStore keyStore = tls.serverIdentity(BINARY, loopback ? List.of() : List.of(settings.bind()))
                .toKeyStore();
        AgencyClient client = AgencyClient.create(tls.clientContext(), Optional.of(token.value()));
        WebAssembly web = new WebAssembly(
                settings,
                home.componentDir("web"),
                client,
                new HttpEventUpstream(tls.clientContext(), Optional.of(token.value())),
                keyStore,
                Optional.ofNullable(env.get(PasswordCheck.ENV)),
                AgencyVersion.current());
        out.println(BINARY + " dashboard on " + web.browser().baseUri());
        ComponentServer server;
        try {
            server = launcher.start(
                    internalService(settings), PortRange.single(settings.internalPort()), (h, port) -> web.component());
        } catch (RuntimeException | java.io.IOException e) {
            web.close();
            throw e;
        }
        web.component().selfShutdown(request -> {
            Thread stopper = new Thread(
                    () -> {
                        server.shutdown(request.forced(), Duration.ofSeconds(request.effectiveTimeoutSeconds()));
                        System.exit(0);
                    },
                    "web-fleet-shutdown");
            stopper.start();
        });
        server.awaitStopped();
        return 0;
    }

    WebSettings settings(WebConfig file) {
        String range = first(discoveryRange, file.discoveryRange(), "9000-9299");
        List<String> extra = new ArrayList<>(file.discover());
        extra.addAll(discover);
        return new WebSettings(
                first(name, file.name(), "web"),
                service.bind(),
                internalBind != null ? internalBind : DEFAULT_INTERNAL_BIND,
                service.port() != null ? service.port() : DEFAULT_BROWSER_PORT,
                first(internalPort, file.internalPort(), DEFAULT_INTERNAL_PORT),
                PortRange.parse(range),
                extra,
                Optional.ofNullable(first(trustedProxy, file.trustedProxy(), null)),
                first(
                        pollInterval,
                        file.pollIntervalSeconds() == null ? null : Duration.ofSeconds(file.pollIntervalSeconds()),
                        Duration.ofSeconds(2)));
    }

    /**
     * The options the internal API is started with: {@code --bind} moves only the browser side, so the
     * fleet-token API stays on loopback unless {@code --internal-bind} asks otherwise.
     */
    static ServiceOptions internalService(WebSettings settings) {
        ServiceOptions internal = new ServiceOptions();
        // Its fields are set by picocli only; the launcher reads nothing from it but the address.
        AgencyCommandLine.of(internal).parseArgs("--bind", settings.internalBind());
        return internal;
    }

    @SafeVarargs
    private static <T> T first(T... candidates) {
        for (T candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }
}
