package uk.org.phobos.agency.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.org.phobos.agency.sandbox.agent.AgentPolicyFactory;
import uk.org.phobos.agency.sandbox.probe.SandboxProbe;
import uk.org.phobos.agency.testkit.anthropic.AnthropicStandIn;
import uk.org.phobos.agency.testkit.anthropic.ScriptedReply;
import uk.org.phobos.agency.testkit.claude.ClaudeCli;
import uk.org.phobos.agency.testkit.claude.ClaudeCliEnvironment;
import uk.org.phobos.agency.testkit.claude.ClaudeCommandLine;
import uk.org.phobos.agency.testkit.process.LaunchedProcess;

/**
 * The real, pinned Claude Code CLI inside the agent's default policy, against the Anthropic
 * stand-in: its binary, its config folder and the model API must all be reachable in there, and a
 * tool call the model makes must stay inside.
 */
class ClaudeInSandboxIT {
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);
    private static final String MODEL = "claude-sonnet-4-5";

    private static ClaudeCli cli;

    private AnthropicStandIn api;
    private SandboxedHost host;

    @BeforeAll
    static void locateCli() {
        cli = ClaudeCli.locate();
    }

    @BeforeEach
    void start() throws IOException {
        api = AnthropicStandIn.start();
        // The stand-in's environment with a placeholder HOME; SandboxedHost puts its own in.
        Map<String, String> env = ClaudeCliEnvironment.forStandIn(api.baseUrl(), Path.of("target/unused-home"))
                .maxRetries(0)
                .toMap();
        env.remove("HOME");
        env.remove("CLAUDE_CODE_TMPDIR");
        host = SandboxedHost.forCli(cli.binary().toAbsolutePath(), env);
    }

    @AfterEach
    void stop() {
        host.close();
        api.close();
    }

    @Test
    void claudeVersionRunsInsideTheDefaultPolicy() throws IOException {
        try (LaunchedProcess claude = host.start(List.of(cli.binary().toString(), "--version"))) {
            assertThat(claude.awaitExit(RUN_TIMEOUT)).as(claude.stderr().text()).isZero();
            assertThat(claude.stdout().text()).startsWith(cli.version() + " ");
        }
    }

    @Test
    void theProbePassesWithTheCliEnvironment() {
        ProbeResult result =
                new SandboxProbe().probe(SandboxedHost.bwrap(), host.policy(), host.session(), host.environment());

        assertThat(result.ready()).as(result.reason()).isTrue();
    }

    @Test
    void aTaskWritesItsSessionButCannotEscapeAndItsResumeFindsTheConversation() throws IOException {
        Path token = host.agencyRoot().resolve("token");
        Path escape = host.agencyRoot().resolve("escape.txt");
        Path sshKey = host.home().resolve(".ssh/authorized_keys");
        ScriptedReply.ToolUse attempt = ScriptedReply.bash("echo hello > proof.txt; echo pwned > " + escape
                + "; echo pwned > " + sshKey + "; echo pwned > /etc/agency-escape; cat " + token + "; echo tried");
        api.enqueue(attempt, ScriptedReply.text("Done trying."), ScriptedReply.text("You asked me to escape."));
        String sessionId = UUID.randomUUID().toString();
        ClaudeCommandLine command =
                ClaudeCommandLine.of(cli.binary()).model(MODEL).maxTurns(3);

        JsonNode first = run(command.newSession(sessionId).build("Try to escape the sandbox."));
        JsonNode resumed = run(command.resume(sessionId).build("What did I ask you before?"));

        assertThat(first.path("subtype").asText()).isEqualTo("success");
        assertThat(first.path("is_error").asBoolean(true)).isFalse();
        assertThat(host.session().resolve("proof.txt")).hasContent("hello");
        assertThat(escape).doesNotExist();
        assertThat(sshKey).doesNotExist();
        assertThat(Path.of("/etc/agency-escape")).doesNotExist();
        String toolOutput = api.mainRequests().get(1).toolResults().get(0).toString();
        assertThat(toolOutput)
                .contains("Read-only file system", "No such file or directory", "tried")
                .doesNotContain(SandboxedHost.FLEET_TOKEN);

        assertThat(resumed.path("subtype").asText()).isEqualTo("success");
        assertThat(resumed.path("session_id").asText()).isEqualTo(sessionId);
        assertThat(api.mainRequests()).hasSize(3);
        assertThat(api.mainRequests().get(2).userTexts())
                .contains("Try to escape the sandbox.", "What did I ask you before?");
        // The conversation lives in the session's own CLI config folder, not in the user's ~/.claude.
        assertThat(AgentPolicyFactory.sessionConfigDir(host.session()).resolve("projects"))
                .isDirectory();
        assertThat(host.home().resolve(".claude/projects")).doesNotExist();
    }

    /** Runs the CLI in a freshly wrapped sandbox and returns its result event. */
    private JsonNode run(List<String> argv) throws IOException {
        try (LaunchedProcess claude = host.start(argv)) {
            int exit = claude.awaitExit(RUN_TIMEOUT);
            String described = "exit " + exit + "\nstdout:\n" + claude.stdout().text() + "stderr:\n"
                    + claude.stderr().text();
            assertThat(exit).as(described).isZero();
            return claude.stdout().lines().stream()
                    .map(ClaudeInSandboxIT::parse)
                    .filter(event -> event.path("type").asText().equals("result"))
                    .reduce((a, b) -> b)
                    .orElseThrow(() -> new AssertionError("no result event\n" + described));
        }
    }

    private static JsonNode parse(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON line: " + line, e);
        }
    }
}
