package uk.org.phobos.agency.system;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.client.AgencyClient;
import uk.org.phobos.agency.testkit.Deadline;
import uk.org.phobos.agency.testkit.anthropic.AnthropicStandIn;
import uk.org.phobos.agency.testkit.claude.ClaudeCli;
import uk.org.phobos.agency.testkit.claude.ClaudeCliEnvironment;
import uk.org.phobos.agency.testkit.net.FreePorts;
import uk.org.phobos.agency.testkit.service.ServiceJar;
import uk.org.phobos.agency.testkit.service.ServiceProcess;

/**
 * The agent jar running the real, pinned Claude Code CLI against the Anthropic stand-in, in a test
 * folder laid out as a machine: {@code agency/} is its {@code AGENCY_ROOT}, {@code home/} the CLI's
 * {@code HOME}. It runs with the default sandbox (bwrap is installed here, so {@code required}),
 * unless the extra arguments say otherwise. {@link #restart()} starts it again on the same port.
 */
final class RealClaudeAgent implements AutoCloseable {
    private final Path root;
    private final Path home;
    private final Path config;
    private final int port;
    private final Map<String, String> cliEnvironment;
    private final List<String> extraArgs;
    private ServiceProcess process;
    private AgencyClient client;

    private RealClaudeAgent(Path dir, AnthropicStandIn api, List<String> extraArgs) throws IOException {
        this.root = Files.createDirectories(dir.resolve("agency"));
        this.home = dir.resolve("home");
        this.config = dir.resolve("agent.yaml");
        Files.writeString(config, """
                keep_env:
                  - CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC
                  - CLAUDE_CODE_TMPDIR
                  - CLAUDE_CODE_MAX_RETRIES
                """);
        this.port = new FreePorts().pick();
        this.cliEnvironment = ClaudeCliEnvironment.forStandIn(api.baseUrl(), home)
                .maxRetries(0)
                .toMap();
        this.extraArgs = List.copyOf(extraArgs);
    }

    static RealClaudeAgent start(Path dir, AnthropicStandIn api, String... extraArgs) throws IOException {
        RealClaudeAgent agent = new RealClaudeAgent(dir, api, List.of(extraArgs));
        agent.restart();
        return agent;
    }

    /** Starts the agent (again), waiting until it is idle. */
    void restart() throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "--port",
                Integer.toString(port),
                "--config",
                config.toString(),
                "--claude-bin",
                ClaudeCli.locate().binary().toString(),
                "--log-format",
                "text"));
        args.addAll(extraArgs);
        ServiceProcess.Builder builder =
                ServiceProcess.of(ServiceJar.AGENT).agencyRoot(root).args(args.toArray(String[]::new));
        for (String name : List.of(
                "ANTHROPIC_BASE_URL",
                "ANTHROPIC_API_KEY",
                "HOME",
                "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC",
                "CLAUDE_CODE_TMPDIR",
                "CLAUDE_CODE_MAX_RETRIES")) {
            builder.env(name, cliEnvironment.get(name));
        }
        process = builder.start();
        client = process.client();
        Deadline.after(Duration.ofSeconds(60))
                .await(
                        "agent idle",
                        () -> "idle".equals(client.status(process.url()).state()));
    }

    AgencyClient client() {
        return client;
    }

    URI url() {
        return process.url();
    }

    ServiceProcess process() {
        return process;
    }

    Path agencyRoot() {
        return root;
    }

    Path home() {
        return home;
    }

    Task awaitEnd(String taskId) {
        Task[] last = new Task[1];
        Deadline.after(Duration.ofSeconds(120)).await("task " + taskId + " to end", () -> {
            last[0] = client.task(process.url(), taskId);
            return last[0].state().isTerminal();
        });
        return last[0];
    }

    Path sessionDirectory(String sessionId) {
        Map<?, ?> status = client.get(process.url(), "/status", Map.class);
        Map<?, ?> shown = (Map<?, ?>) status.get("config");
        return Path.of((String) shown.get("session_root")).resolve(sessionId);
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
