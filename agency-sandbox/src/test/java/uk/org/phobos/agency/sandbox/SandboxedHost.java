package uk.org.phobos.agency.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import uk.org.phobos.agency.sandbox.agent.AgentPolicyFactory;
import uk.org.phobos.agency.sandbox.agent.AgentSandboxSettings;
import uk.org.phobos.agency.sandbox.bwrap.BubblewrapLauncher;
import uk.org.phobos.agency.sandbox.detect.Detection;
import uk.org.phobos.agency.sandbox.detect.SandboxDetector;
import uk.org.phobos.agency.testkit.process.LaunchedProcess;
import uk.org.phobos.agency.testkit.process.ProcessLauncher;

/**
 * A machine layout for sandbox tests, laid out the way the agent's is: {@code AGENCY_ROOT} holding
 * the fleet token and the agent's sessions, a {@code HOME} with credentials in it, and a file
 * elsewhere that the sandbox may read. It lives under {@code target/} rather than {@code /tmp},
 * since the default policy puts a fresh tmpfs over {@code /tmp}.
 */
public final class SandboxedHost implements AutoCloseable {
    public static final String FLEET_TOKEN = "fleet-token-do-not-leak-4f2a";
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Path base;
    private final Path agencyRoot;
    private final Path home;
    private final Path session;
    private final Path publicFile;
    private final Map<String, String> environment;
    private final AgentPolicyFactory policies;

    private SandboxedHost(Path cliBinary, Map<String, String> parentEnvironment) throws IOException {
        // Not under /tmp, which the default policy replaces with an empty tmpfs; nor under the
        // checkout, which may itself lie under /tmp (CI clones into a temporary folder).
        base = Files.createDirectories(Path.of(
                        "/var/tmp", "agency-sandbox-it", UUID.randomUUID().toString()))
                .toRealPath();
        agencyRoot = Files.createDirectories(base.resolve("agency"));
        Path token = Files.writeString(agencyRoot.resolve("token"), FLEET_TOKEN);
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        Files.createDirectories(agencyRoot.resolve("tls"));
        Files.writeString(agencyRoot.resolve("tls/ca-key.pem"), "-----BEGIN PRIVATE KEY-----");
        Path otherSession = Files.createDirectories(agencyRoot.resolve("claude-agent/sessions/other-session"));
        Files.writeString(otherSession.resolve("notes.txt"), "another session's work");
        session = Files.createDirectories(agencyRoot.resolve("claude-agent/sessions/" + UUID.randomUUID()));
        home = Files.createDirectories(base.resolve("home"));
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(home.resolve(".ssh/id_ed25519"), "-----BEGIN OPENSSH PRIVATE KEY-----");
        Files.writeString(home.resolve(".netrc"), "machine example.org login ann password hunter2");
        publicFile = Files.writeString(
                Files.createDirectories(base.resolve("public")).resolve("readme.txt"), "anyone may read this");

        Map<String, String> env = new HashMap<>(parentEnvironment);
        env.remove("IS_SANDBOX");
        env.remove("CLAUDE_CONFIG_DIR");
        env.remove("TMPDIR");
        env.put("HOME", home.toString());
        env.put("AGENCY_ROOT", agencyRoot.toString());
        env.put("AGENCY_TOKEN", FLEET_TOKEN);
        environment = Map.copyOf(env);
        policies = new AgentPolicyFactory(AgentSandboxSettings.fromEnvironment(environment, agencyRoot, cliBinary));
    }

    /** A layout whose CLI is {@code /bin/sh} (enough for tests that do not run the CLI). */
    public static SandboxedHost create() throws IOException {
        return new SandboxedHost(Path.of("/bin/sh"), System.getenv());
    }

    /** A layout for running {@code cliBinary} with {@code environment} (HOME and AGENCY_ROOT are replaced). */
    public static SandboxedHost forCli(Path cliBinary, Map<String, String> environment) throws IOException {
        return new SandboxedHost(cliBinary, environment);
    }

    public Path agencyRoot() {
        return agencyRoot;
    }

    public Path home() {
        return home;
    }

    public Path session() {
        return session;
    }

    public Path publicFile() {
        return publicFile;
    }

    /** The complete environment a task would get without a sandbox. */
    public Map<String, String> environment() {
        return environment;
    }

    public SandboxPolicy policy() {
        try {
            return policies.forSession(session);
        } catch (SandboxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bwrap found on this machine's PATH; fails the test when there is none. */
    public static BubblewrapLauncher bwrap() {
        Detection detection = SandboxDetector.forThisMachine().detect(System.getenv());
        return detection
                .launcher()
                .filter(BubblewrapLauncher.class::isInstance)
                .map(BubblewrapLauncher.class::cast)
                .orElseThrow(() -> new AssertionError(
                        "These tests need bubblewrap: " + detection.reason() + " (./build.sh setup installs it)"));
    }

    public SandboxedCommand wrap(List<String> argv) {
        try {
            return bwrap().wrap(policy(), argv, session, environment);
        } catch (SandboxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts {@code argv} in the sandbox the way the agent will: under setsid, stdin closed. */
    public LaunchedProcess start(List<String> argv) throws IOException {
        return start(wrap(argv));
    }

    public static LaunchedProcess start(SandboxedCommand command) throws IOException {
        return ProcessLauncher.command(command.argv())
                .environment(command.environment())
                .directory(command.workingDirectory())
                .start();
    }

    /** Runs a shell script in the sandbox to its end. */
    public Result sh(String script) throws IOException {
        try (LaunchedProcess process = start(List.of("/bin/sh", "-c", script))) {
            int exit = process.awaitExit(TIMEOUT);
            return new Result(exit, process.stdout().text(), process.stderr().text());
        }
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(base)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + base, e);
        }
    }

    /** How a script ended and what it printed. */
    public record Result(int exitCode, String stdout, String stderr) {
        public String describe() {
            return "exit " + exitCode + "\nstdout:\n" + stdout + "stderr:\n" + stderr;
        }
    }
}
