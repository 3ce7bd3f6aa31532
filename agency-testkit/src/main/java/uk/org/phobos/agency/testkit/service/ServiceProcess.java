package uk.org.phobos.agency.testkit.service;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import uk.org.phobos.agency.core.auth.FleetToken;
import uk.org.phobos.agency.core.client.AgencyClient;
import uk.org.phobos.agency.core.config.AgencyHome;
import uk.org.phobos.agency.core.tls.FleetTrust;
import uk.org.phobos.agency.testkit.process.LaunchedProcess;
import uk.org.phobos.agency.testkit.process.ProcessLauncher;

/**
 * A service fat jar running as a real process (its own process group), started with a given
 * {@code AGENCY_ROOT}, ready once it printed {@code <binary> listening on https://...}. Closing it
 * ends the JVM and everything in its group; {@link #kill9()} ends only the JVM, as a crash would.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on (https://\\S+)");

    private final LaunchedProcess process;
    private final URI url;
    private final Path agencyRoot;

    private ServiceProcess(LaunchedProcess process, URI url, Path agencyRoot) {
        this.process = process;
        this.url = url;
        this.agencyRoot = agencyRoot;
    }

    public static Builder of(ServiceJar jar) {
        return new Builder(jar);
    }

    public URI url() {
        return url;
    }

    public Path agencyRoot() {
        return agencyRoot;
    }

    public LaunchedProcess process() {
        return process;
    }

    /** A client that trusts this fleet's CA and sends its token. */
    public AgencyClient client() {
        try {
            AgencyHome home = new AgencyHome(agencyRoot);
            return AgencyClient.create(
                    FleetTrust.fromTlsDir(home.tlsDir()).sslContext(),
                    Optional.of(FleetToken.load(home, Map.of()).value()));
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a client for " + url, e);
        }
    }

    /** The fleet token, for tests that speak raw HTTP. */
    public String token() {
        try {
            return FleetToken.load(new AgencyHome(agencyRoot), Map.of()).value();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM to the JVM alone, as a service manager stopping it would send. */
    public void terminate() {
        process.handle().destroy();
    }

    /** SIGKILL to the JVM alone (not its group), then waits for it to be gone. */
    public void kill9() {
        process.handle().destroyForcibly();
        process.awaitExit(Duration.ofSeconds(30));
    }

    /** Waits for the JVM to exit by itself (e.g. after {@code POST /shutdown}) and returns its exit code. */
    public int awaitExit(Duration timeout) {
        return process.awaitExit(timeout);
    }

    @Override
    public void close() {
        process.close();
    }

    /** How to start the service. */
    public static final class Builder {
        private final ServiceJar jar;
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> javaOptions =
                new ArrayList<>(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        private Path agencyRoot;
        private Duration startTimeout = Duration.ofSeconds(60);

        private Builder(ServiceJar jar) {
            this.jar = jar;
        }

        public Builder agencyRoot(Path root) {
            this.agencyRoot = root;
            return this;
        }

        public Builder args(String... more) {
            args.addAll(List.of(more));
            return this;
        }

        /** JVM options after the defaults ({@code -XX:+UseSerialGC -XX:TieredStopAtLevel=1}). */
        public Builder javaOptions(String... more) {
            javaOptions.addAll(List.of(more));
            return this;
        }

        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** Starts the jar and waits for its {@code listening on} line. */
        public ServiceProcess start() throws IOException {
            if (agencyRoot == null) {
                throw new IllegalStateException("agencyRoot(...) is required: tests never use the real ~/.agency");
            }
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(javaOptions);
            command.add("-jar");
            command.add(jar.path().toString());
            command.addAll(args);
            ProcessLauncher launcher = ProcessLauncher.command(command).env("AGENCY_ROOT", agencyRoot.toString());
            for (Map.Entry<String, String> entry : env.entrySet()) {
                launcher.env(entry.getKey(), entry.getValue());
            }
            LaunchedProcess process = launcher.start();
            try {
                String line =
                        process.stdout().awaitLine(l -> LISTENING.matcher(l).find(), startTimeout);
                Matcher matcher = LISTENING.matcher(line);
                if (!matcher.find()) {
                    throw new IllegalStateException("unexpected line " + line);
                }
                return new ServiceProcess(process, URI.create(matcher.group(1)), agencyRoot);
            } catch (RuntimeException | Error e) {
                String stderr = process.stderr().text();
                process.close();
                throw new IllegalStateException(
                        jar.binary() + " did not start: " + e.getMessage() + "\nstderr:\n" + stderr, e);
            }
        }
    }
}
