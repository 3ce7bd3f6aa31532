package uk.org.phobos.agency.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import uk.org.phobos.agency.core.client.AgencyClient;
import uk.org.phobos.agency.testkit.Deadline;
import uk.org.phobos.agency.testkit.anthropic.AnthropicStandIn;
import uk.org.phobos.agency.testkit.claude.ClaudeCli;
import uk.org.phobos.agency.testkit.claude.ClaudeCliEnvironment;
import uk.org.phobos.agency.testkit.service.ServiceJar;
import uk.org.phobos.agency.testkit.service.ServiceProcess;

/** The agent jar running the real, pinned Claude Code CLI against the Anthropic stand-in, started and idle. */
final class RealClaudeAgent {
    private RealClaudeAgent() {}

    /**
     * Starts the agent on {@code port} with {@code root} as {@code AGENCY_ROOT}; its CLI's home and config live
     * under {@code dir}. Returns once the agent reports idle.
     */
    static ServiceProcess start(Path dir, Path root, int port, AnthropicStandIn api) throws IOException {
        Path config = dir.resolve("agent.yaml");
        Files.writeString(config, """
                keep_env:
                  - CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC
                  - CLAUDE_CODE_TMPDIR
                  - CLAUDE_CODE_MAX_RETRIES
                """);
        ServiceProcess.Builder builder = ServiceProcess.of(ServiceJar.AGENT)
                .agencyRoot(root)
                .args(
                        "--port",
                        Integer.toString(port),
                        "--config",
                        config.toString(),
                        "--claude-bin",
                        ClaudeCli.locate().binary().toString(),
                        "--log-format",
                        "text");
        Map<String, String> cliEnv = ClaudeCliEnvironment.forStandIn(api.baseUrl(), dir.resolve("home"))
                .maxRetries(0)
                .toMap();
        for (String name : List.of(
                "ANTHROPIC_BASE_URL",
                "ANTHROPIC_API_KEY",
                "HOME",
                "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC",
                "CLAUDE_CODE_TMPDIR",
                "CLAUDE_CODE_MAX_RETRIES")) {
            builder.env(name, cliEnv.get(name));
        }
        ServiceProcess started = builder.start();
        AgencyClient client = started.client();
        Deadline.after(Duration.ofSeconds(60))
                .await(
                        "agent idle",
                        () -> "idle".equals(client.status(started.url()).state()));
        return started;
    }
}
