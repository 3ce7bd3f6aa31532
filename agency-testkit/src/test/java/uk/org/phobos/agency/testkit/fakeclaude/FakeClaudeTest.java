package uk.org.phobos.agency.testkit.fakeclaude;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.testkit.process.LaunchedProcess;
import uk.org.phobos.agency.testkit.process.ProcessLauncher;
import uk.org.phobos.agency.testkit.process.ProcessTable;

class FakeClaudeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String SESSION = "0b7e3a4e-1f6c-4a8e-9a51-3f1d2c4b5a69";

    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void printsScriptedStreamJsonForTheSessionAndModelOfItsCommandLine() throws Exception {
        FakeClaude fake = FakeClaude.builder()
                .run(FakeRun.create()
                        .init()
                        .bash("toolu_1", "echo hello > proof.txt")
                        .toolResult("toolu_1", "(Bash completed with no output)", false)
                        .text("Wrote proof.txt.")
                        .stderr("a warning")
                        .success("Wrote proof.txt."))
                .writeTo(temp.resolve("fake"));
        Path session = Files.createDirectories(temp.resolve("session"));

        try (LaunchedProcess p = run(fake, session, "--session-id", SESSION, "--model", "claude-opus-4-1")) {
            assertThat(p.awaitExit(TIMEOUT)).isZero();
            List<JsonNode> events = parse(p.stdout().lines());

            assertThat(events)
                    .extracting(e -> e.path("type").asText())
                    .containsExactly("system", "assistant", "user", "assistant", "result");
            assertThat(events)
                    .allSatisfy(e -> assertThat(e.path("session_id").asText()).isEqualTo(SESSION));
            assertThat(events.get(0).path("subtype").asText()).isEqualTo("init");
            assertThat(events.get(0).path("cwd").asText())
                    .isEqualTo(session.toRealPath().toString());
            assertThat(events.get(0).path("model").asText()).isEqualTo("claude-opus-4-1");
            JsonNode toolUse = events.get(1).path("message").path("content").get(0);
            assertThat(toolUse.path("type").asText()).isEqualTo("tool_use");
            assertThat(toolUse.path("name").asText()).isEqualTo("Bash");
            assertThat(toolUse.path("input").path("command").asText()).isEqualTo("echo hello > proof.txt");
            assertThat(events.get(2)
                            .path("message")
                            .path("content")
                            .get(0)
                            .path("tool_use_id")
                            .asText())
                    .isEqualTo("toolu_1");
            JsonNode result = events.get(4);
            assertThat(result.path("subtype").asText()).isEqualTo("success");
            assertThat(result.path("is_error").asBoolean(true)).isFalse();
            assertThat(result.path("result").asText()).isEqualTo("Wrote proof.txt.");
            assertThat(result.path("num_turns").asInt()).isEqualTo(2);
            assertThat(result.path("total_cost_usd").asDouble()).isPositive();
            assertThat(result.path("usage").path("input_tokens").asLong()).isPositive();
            assertThat(p.stderr().lines()).containsExactly("a warning");
        }
        assertThat(Files.exists(session.resolve("proof.txt")))
                .as("the fake runs no tools")
                .isFalse();
    }

    @Test
    void recordsArgumentsEnvironmentAndWorkingDirectory() throws Exception {
        FakeClaude fake =
                FakeClaude.builder().run(FakeRun.create().init().success("ok")).writeTo(temp.resolve("fake"));

        try (LaunchedProcess p = ProcessLauncher.command(
                        fake.executable().toString(), "-p", "--model", "m1", "--resume", SESSION, "--", "do", "it")
                .directory(temp)
                .env("TASK_VAR", "42")
                .start()) {
            p.awaitExit(TIMEOUT);
        }

        assertThat(fake.invocations()).singleElement().satisfies(invocation -> {
            assertThat(invocation.args()).containsExactly("-p", "--model", "m1", "--resume", SESSION, "--", "do", "it");
            assertThat(invocation.prompt()).hasValue("do it");
            assertThat(invocation.option("--resume")).hasValue(SESSION);
            assertThat(invocation.hasFlag("-p")).isTrue();
            assertThat(invocation.env()).containsEntry("TASK_VAR", "42");
            assertThat(invocation.workingDirectory()).isEqualTo(temp.toRealPath());
        });
    }

    @Test
    void playsOneRunPerInvocationAndRepeatsTheLast() throws Exception {
        FakeClaude fake = FakeClaude.builder()
                .runs(
                        FakeRun.create().init().bash("toolu_1", "ls").maxTurns(1),
                        FakeRun.create().init().text("done").success("done"))
                .writeTo(temp.resolve("fake"));

        List<String> subtypes = new ArrayList<>();
        List<Integer> exits = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            try (LaunchedProcess p = run(fake, temp, "--session-id", SESSION)) {
                exits.add(p.awaitExit(TIMEOUT));
                subtypes.add(parse(p.stdout().lines()).get(2).path("subtype").asText(""));
            }
        }

        assertThat(exits).containsExactly(1, 0, 0);
        assertThat(subtypes.get(0)).isEqualTo("error_max_turns");
        assertThat(fake.invocations()).hasSize(3);
    }

    @Test
    void answersVersionWithoutRecordingAnInvocation() throws Exception {
        FakeClaude fake = FakeClaude.builder()
                .version("9.9.9 (Claude Code)")
                .run(FakeRun.create().success("never"))
                .writeTo(temp.resolve("fake"));

        try (LaunchedProcess p = ProcessLauncher.command(fake.executable().toString(), "--version")
                .start()) {
            assertThat(p.awaitExit(TIMEOUT)).isZero();
            assertThat(p.stdout().lines()).containsExactly("9.9.9 (Claude Code)");
        }
        assertThat(fake.invocations()).isEmpty();
    }

    @Test
    void aPromptThatLooksLikeAnOptionIsStillAPrompt() throws Exception {
        FakeClaude fake =
                FakeClaude.builder().run(FakeRun.create().init().success("ok")).writeTo(temp.resolve("fake"));

        try (LaunchedProcess p = ProcessLauncher.command(fake.executable().toString(), "-p", "--", "--version")
                .start()) {
            p.awaitExit(TIMEOUT);
            assertThat(parse(p.stdout().lines())).hasSize(2);
        }
    }

    @Test
    void escapesAWorkingDirectoryWithQuotesBackslashesAndAmpersands() throws Exception {
        Path odd = Files.createDirectories(temp.resolve("we \"ird\" & back\\slash 'dir'"));
        FakeClaude fake =
                FakeClaude.builder().run(FakeRun.create().init().success("ok")).writeTo(temp.resolve("fake"));

        try (LaunchedProcess p = run(fake, odd, "--session-id", SESSION)) {
            p.awaitExit(TIMEOUT);
            assertThat(parse(p.stdout().lines()).get(0).path("cwd").asText())
                    .isEqualTo(odd.toRealPath().toString());
        }
    }

    @Test
    void leavesGrandchildrenThatClosingTheLaunchedProcessReaps() throws Exception {
        FakeClaude fake = FakeClaude.builder()
                .run(FakeRun.create()
                        .init()
                        .spawnGrandchild("sleep 300")
                        .text("bye")
                        .success("bye"))
                .writeTo(temp.resolve("fake"));
        List<ProcessHandle> grandchildren;

        try (LaunchedProcess p = run(fake, temp, "--session-id", SESSION)) {
            p.stdout().awaitLine(line -> line.contains("\"result\""), TIMEOUT);
            grandchildren = fake.grandchildPids().stream()
                    .map(pid -> ProcessHandle.of(pid).orElseThrow())
                    .toList();
            assertThat(grandchildren)
                    .singleElement()
                    .satisfies(g -> assertThat(ProcessTable.isRunning(g)).isTrue());
        }

        assertThat(grandchildren).noneMatch(ProcessTable::isRunning);
    }

    @Test
    void canHangUntilKilled() throws Exception {
        FakeClaude fake = FakeClaude.builder()
                .run(FakeRun.create().init().text("thinking...").hang())
                .writeTo(temp.resolve("fake"));
        LaunchedProcess p = run(fake, temp, "--session-id", SESSION);
        try (p) {
            p.stdout().awaitLine(line -> line.contains("thinking..."), TIMEOUT);
            assertThat(p.isAlive()).isTrue();
        }
        assertThat(p.isAlive()).isFalse();
    }

    @Test
    void rawLinesAndApiErrorsComeOutAsScripted() throws Exception {
        FakeClaude fake = FakeClaude.builder()
                .run(FakeRun.create().init().line("not json at all").apiError(529, "Overloaded"))
                .writeTo(temp.resolve("fake"));

        try (LaunchedProcess p = run(fake, temp, "--session-id", SESSION)) {
            assertThat(p.awaitExit(TIMEOUT)).isEqualTo(1);
            List<String> lines = p.stdout().lines();
            assertThat(lines.get(1)).isEqualTo("not json at all");
            JsonNode result = json.readTree(lines.get(2));
            assertThat(result.path("subtype").asText()).isEqualTo("success");
            assertThat(result.path("is_error").asBoolean()).isTrue();
            assertThat(result.path("terminal_reason").asText()).isEqualTo("api_error");
            assertThat(result.path("api_error_status").asInt()).isEqualTo(529);
        }
    }

    private LaunchedProcess run(FakeClaude fake, Path dir, String... options) throws IOException {
        List<String> command = new ArrayList<>(
                List.of(fake.executable().toString(), "-p", "--output-format", "stream-json", "--verbose"));
        command.addAll(List.of(options));
        command.addAll(List.of("--dangerously-skip-permissions", "--", "Say hello"));
        return ProcessLauncher.command(command).directory(dir).start();
    }

    private List<JsonNode> parse(List<String> lines) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String line : lines) {
            events.add(json.readTree(line));
        }
        return events;
    }
}
