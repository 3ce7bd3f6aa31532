package uk.org.phobos.agency.cli;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import uk.org.phobos.agency.cli.api.AgencyApi;
import uk.org.phobos.agency.cli.api.ApiRecords;
import uk.org.phobos.agency.cli.fleet.FleetFinder;
import uk.org.phobos.agency.cli.http.FleetCredentials;
import uk.org.phobos.agency.cli.http.FleetHttp;
import uk.org.phobos.agency.cli.json.JsonCodec;
import uk.org.phobos.agency.cli.out.Output;
import uk.org.phobos.agency.cli.out.OutputMode;
import uk.org.phobos.agency.core.config.AgencyHome;
import uk.org.phobos.agency.core.service.DurationConverter;

/**
 * What commands work with, built on first use: nothing is read from disk and no TLS is set up until a
 * command needs it, and the output mode is fixed only once the options have been parsed.
 */
public final class CliServices {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    /** How long a command's first request waits for the background {@code GET /status} (see {@link #api()}). */
    private static final Duration PREPARATION_WAIT = Duration.ofSeconds(5);
    /**
     * How long a request may wait for its answer once sent (default 30 s), e.g. {@code 5s}: for slow links, and
     * for tests of what happens when an answer does not come.
     */
    public static final String ENV_READ_TIMEOUT = "AGENCY_READ_TIMEOUT";

    private final CliEnvironment environment;
    private final GlobalOptions options;
    private final Clock clock;
    private JsonCodec json;
    private final ApiRecords records = new ApiRecords();
    private Output output;
    private FleetCredentials credentials;
    private AgencyApi api;
    private FleetFinder finder;
    // Counted down when the background preparation has ended; nothing to wait for unless it was started.
    private final CountDownLatch prepared = new CountDownLatch(1);
    private volatile Thread preparer;

    public CliServices(CliEnvironment environment, GlobalOptions options, Clock clock) {
        this.environment = environment;
        this.options = options;
        this.clock = clock;
    }

    /**
     * Starts, on another thread, what the command will need while picocli sets it up on this one (~100 ms on a
     * cold JVM): the fleet's CAs, TLS and JSON, and, when the command line names a component, a {@code GET
     * /status} to it. That request needs no token and changes nothing; it runs the first, slow TLS handshake
     * of this JVM early and leaves a connection in the keep-alive cache for the command's own requests.
     * Failures are left for the command to meet.
     */
    public void prepareInBackground(URI component) {
        Thread thread = new Thread(
                () -> {
                    try {
                        credentials().sockets();
                        json();
                        if (component != null) {
                            api().status(component);
                        }
                    } catch (RuntimeException ignored) {
                        // the command meets it again and reports it
                    } finally {
                        prepared.countDown();
                    }
                },
                "ag-prepare");
        thread.setDaemon(true);
        preparer = thread;
        thread.start();
    }

    public CliEnvironment environment() {
        return environment;
    }

    public GlobalOptions options() {
        return options;
    }

    public Clock clock() {
        return clock;
    }

    public synchronized JsonCodec json() {
        if (json == null) {
            json = new JsonCodec();
        }
        return json;
    }

    public ApiRecords records() {
        return records;
    }

    public synchronized Output output() {
        if (output == null) {
            output = new Output(
                    environment.out(),
                    environment.err(),
                    this::json,
                    new OutputMode(options.isJson(), color(), environment.stdoutTerminal(), options.isVerbose()));
        }
        return output;
    }

    /**
     * Whether output (and {@code --help}) may have colours: only when stdout is a terminal, and neither {@code
     * --no-color} nor {@code NO_COLOR} (set to anything) nor {@code TERM=dumb} says no.
     */
    public boolean color() {
        return environment.stdoutTerminal()
                && !options.isNoColor()
                && environment.variable("NO_COLOR") == null
                && !"dumb".equals(environment.variable("TERM"));
    }

    public synchronized FleetCredentials credentials() {
        if (credentials == null) {
            credentials =
                    new FleetCredentials(AgencyHome.fromEnvironment(environment.variables()), environment.variables());
        }
        return credentials;
    }

    /**
     * The API client. A command's first call waits (up to 5 s) for the background preparation to end: its
     * request to the named component is then done and its connection kept alive for the command, where a
     * request sent meanwhile would open a second connection and run a second cold TLS handshake beside the
     * first, on the same cores.
     */
    public AgencyApi api() {
        awaitPreparation();
        return apiClient();
    }

    private void awaitPreparation() {
        Thread background = preparer;
        if (background == null || background == Thread.currentThread()) {
            return;
        }
        try {
            prepared.await(PREPARATION_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized AgencyApi apiClient() {
        if (api == null) {
            FleetCredentials fleet = credentials();
            FleetHttp http = new FleetHttp(fleet.sockets(), fleet::token, CONNECT_TIMEOUT, readTimeout());
            api = new AgencyApi(http, json());
        }
        return api;
    }

    private Duration readTimeout() {
        String configured = environment.variable(ENV_READ_TIMEOUT);
        if (configured == null || configured.isBlank()) {
            return READ_TIMEOUT;
        }
        Duration timeout;
        try {
            timeout = DurationConverter.parse(configured);
        } catch (RuntimeException e) { // picocli's TypeConversionException, or a number too large
            throw new CliException(ExitCode.USAGE, ENV_READ_TIMEOUT + ": " + e.getMessage());
        }
        if (timeout.isZero()) {
            throw new CliException(ExitCode.USAGE, ENV_READ_TIMEOUT + ": must be at least 1 s");
        }
        return timeout;
    }

    public FleetFinder finder() {
        AgencyApi client = api(); // outside the lock: it may wait for the background preparation, which takes it
        synchronized (this) {
            if (finder == null) {
                finder = new FleetFinder(client, records, options.scanTargets(environment));
            }
            return finder;
        }
    }
}
