package uk.org.phobos.agency.testkit.claude;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.testkit.anthropic.AnthropicStandIn;
import uk.org.phobos.agency.testkit.anthropic.RecordedRequest;
import uk.org.phobos.agency.testkit.anthropic.ScriptedReply;
import uk.org.phobos.agency.testkit.process.LaunchedProcess;
import uk.org.phobos.agency.testkit.process.ProcessLauncher;
import uk.org.phobos.agency.testkit.streamjson.StreamJsonFixture;

/**
 * Runs the real, pinned Claude Code CLI against the {@link AnthropicStandIn}: proves the stand-in,
 * the environment and the launcher are enough for it to work offline. With
 * {@code -Dagency.fixtures.capture=DIR} it also writes its transcripts there as the
 * {@link StreamJsonFixture}s.
 */
class RealClaudeCliIT {
    private static final String MODEL = "claude-sonnet-4-5";
    private static final String INSTRUCTIONS = "You are an Agency test agent. Be brief.";
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);

    private static ClaudeCli cli;

    @TempDir
    Path temp;

    private AnthropicStandIn api;
    private Path session;
    private Path home;

    @BeforeAll
    static void locateCli() {
        cli = ClaudeCli.locate();
    }

    @BeforeEach
    void start() throws IOException {
        api = AnthropicStandIn.start();
        session = Files.createDirectories(temp.resolve("session"));
        home = Files.createDirectories(temp.resolve("home"));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void theInstalledCliIsThePinnedVersion() throws IOException {
        try (LaunchedProcess p = ProcessLauncher.command(cli.binary().toString(), "--version")
                .environment(environment().toMap())
                .start()) {
            assertThat(p.awaitExit(RUN_TIMEOUT)).isZero();
            assertThat(p.stdout().text()).startsWith(cli.version() + " ");
        }
    }

    @Test
    void aBashToolCallRunsAndItsResultGoesBackToTheApi() throws IOException {
        ScriptedReply.ToolUse call = ScriptedReply.bash("echo hello > proof.txt");
        api.enqueue(call, ScriptedReply.text("I wrote hello to proof.txt."));
        String sessionId = UUID.randomUUID().toString();

        Run run = run(ClaudeCommandLine.of(cli.binary())
                .model(MODEL)
                .maxTurns(3)
                .newSession(sessionId)
                .appendSystemPrompt(INSTRUCTIONS)
                .build("Write hello to proof.txt"));

        assertThat(run.exitCode()).as(run.describe()).isZero();
        JsonNode result = run.result();
        assertThat(result.path("subtype").asText()).isEqualTo("success");
        assertThat(result.path("is_error").asBoolean(true)).isFalse();
        assertThat(result.path("result").asText()).isEqualTo("I wrote hello to proof.txt.");
        assertThat(result.path("session_id").asText()).isEqualTo(sessionId);
        assertThat(Files.readString(session.resolve("proof.txt"))).isEqualTo("hello\n");

        List<RecordedRequest> requests = api.mainRequests();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).streamed()).isTrue();
        assertThat(requests.get(0).model()).isEqualTo(MODEL);
        assertThat(requests.get(0).userTexts()).contains("Write hello to proof.txt");
        assertThat(requests.get(0).body().path("system").toString()).contains(INSTRUCTIONS);
        assertThat(requests.get(0).header("x-claude-code-session-id")).hasValue(sessionId);
        assertThat(requests.get(1).toolResults()).singleElement().satisfies(toolResult -> {
            assertThat(toolResult.path("tool_use_id").asText()).isEqualTo(call.id());
            assertThat(toolResult.path("is_error").asBoolean(true)).isFalse();
        });
        assertThat(api.unhandledRequests()).isEmpty();
        assertThat(api.exhaustedCount()).isZero();
        capture(StreamJsonFixture.TOOL_CALL_SUCCESS, run);
    }

    @Test
    void aResumedSessionSendsTheEarlierConversation() throws IOException {
        api.enqueue(ScriptedReply.text("Remembered."), ScriptedReply.text("The word was PINEAPPLE."));
        String sessionId = UUID.randomUUID().toString();
        ClaudeCommandLine command =
                ClaudeCommandLine.of(cli.binary()).model(MODEL).maxTurns(3).appendSystemPrompt(INSTRUCTIONS);

        Run first = run(command.newSession(sessionId).build("Remember the word PINEAPPLE."));
        Run resumed = run(command.resume(sessionId).build("Which word did I ask you to remember?"));

        assertThat(first.exitCode()).as(first.describe()).isZero();
        assertThat(resumed.exitCode()).as(resumed.describe()).isZero();
        assertThat(resumed.result().path("subtype").asText()).isEqualTo("success");
        assertThat(resumed.result().path("session_id").asText()).isEqualTo(sessionId);
        assertThat(api.mainRequests()).hasSize(2);
        RecordedRequest resumedRequest = api.mainRequests().get(1);
        assertThat(resumedRequest.userTexts())
                .contains("Remember the word PINEAPPLE.", "Which word did I ask you to remember?");
        assertThat(resumedRequest.messages().toString()).contains("Remembered.");
        capture(StreamJsonFixture.RESUMED_SUCCESS, resumed);
    }

    @Test
    void hittingMaxTurnsEndsWithErrorMaxTurnsAndExitCode1() throws IOException {
        api.enqueue(ScriptedReply.bash("echo one > turn.txt"), ScriptedReply.text("never asked for"));

        Run run = run(ClaudeCommandLine.of(cli.binary())
                .model(MODEL)
                .maxTurns(1)
                .newSession(UUID.randomUUID().toString())
                .appendSystemPrompt(INSTRUCTIONS)
                .build("Write one to turn.txt, then tell me"));

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
        assertThat(run.result().path("subtype").asText()).isEqualTo("error_max_turns");
        assertThat(run.result().path("is_error").asBoolean()).isTrue();
        assertThat(Files.exists(session.resolve("turn.txt")))
                .as("the one allowed turn ran its tool")
                .isTrue();
        assertThat(api.mainRequests()).hasSize(1);
        assertThat(api.pendingReplies()).isEqualTo(1);
        capture(StreamJsonFixture.MAX_TURNS, run);
    }

    @Test
    void anApiErrorEndsTheRunWithIsErrorAndExitCode1() throws IOException {
        api.enqueue(ScriptedReply.apiError(400, "invalid_request_error", "scripted failure"));

        Run run = run(ClaudeCommandLine.of(cli.binary())
                .model(MODEL)
                .maxTurns(3)
                .newSession(UUID.randomUUID().toString())
                .appendSystemPrompt(INSTRUCTIONS)
                .build("Hello"));

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
        JsonNode result = run.result();
        assertThat(result.path("subtype").asText()).isEqualTo("success");
        assertThat(result.path("is_error").asBoolean()).isTrue();
        assertThat(result.path("terminal_reason").asText()).isEqualTo("api_error");
        assertThat(result.path("api_error_status").asInt()).isEqualTo(400);
        assertThat(result.path("result").asText()).contains("scripted failure");
        // The CLI retries a 400 with fewer beta features before giving up; all of it is one turn.
        assertThat(api.mainRequests())
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.reply())
                        .hasValueSatisfying(reply -> assertThat(reply).isInstanceOf(ScriptedReply.ApiError.class)));
        capture(StreamJsonFixture.API_ERROR, run);
    }

    private ClaudeCliEnvironment environment() {
        return ClaudeCliEnvironment.forStandIn(api.baseUrl(), home).maxRetries(0);
    }

    private Run run(List<String> command) throws IOException {
        try (LaunchedProcess p = ProcessLauncher.command(command)
                .directory(session)
                .environment(environment().toMap())
                .start()) {
            int exit = p.awaitExit(RUN_TIMEOUT);
            return new Run(exit, p.stdout().lines(), p.stderr().lines());
        }
    }

    private void capture(StreamJsonFixture fixture, Run run) throws IOException {
        String dir = System.getProperty("agency.fixtures.capture", "");
        if (dir.isBlank()) {
            return;
        }
        String sessionPath = session.toRealPath().toString();
        String homePath = home.toRealPath().toString();
        StringBuilder text = new StringBuilder();
        for (String line : run.stdout()) {
            text.append(line.replace(homePath, StreamJsonFixture.HOME_DIR)
                            .replace(sessionPath, StreamJsonFixture.SESSION_DIR)
                            .replace(projectSlug(sessionPath), projectSlug(StreamJsonFixture.SESSION_DIR))
                            .replaceAll("/tmp/cc-socks/\\d+\\.sock", "/tmp/cc-socks/1000.sock"))
                    .append('\n');
        }
        Path target = Path.of(dir).resolve(fixture.fileName());
        Files.createDirectories(target.getParent());
        Files.writeString(target, text, StandardCharsets.UTF_8);
    }

    /** How the CLI names a working directory's folder under ~/.claude/projects. */
    private static String projectSlug(String path) {
        return path.replaceAll("[^A-Za-z0-9]", "-");
    }

    private record Run(int exitCode, List<String> stdout, List<String> stderr) {
        JsonNode result() {
            return stdout.stream()
                    .map(Run::parse)
                    .filter(event -> event.path("type").asText().equals("result"))
                    .reduce((first, second) -> second)
                    .orElseThrow(() -> new AssertionError("No result event. " + describe()));
        }

        String describe() {
            return "exit " + exitCode + "\nstdout:\n" + String.join("\n", stdout) + "\nstderr:\n"
                    + String.join("\n", stderr);
        }

        private static JsonNode parse(String line) {
            try {
                return new ObjectMapper().readTree(line);
            } catch (IOException e) {
                throw new UncheckedIOException("Not a JSON line: " + line, e);
            }
        }
    }
}
