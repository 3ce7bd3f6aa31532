package uk.org.phobos.agency.agent.claude;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.testkit.fakeclaude.FakeClaude;
import uk.org.phobos.agency.testkit.fakeclaude.FakeRun;

class ClaudeInvocationTest {
    private static final String SESSION = "7d0f7a3c-2f55-4a3e-9d1e-5b8f5f0c9e11";

    @TempDir
    Path temp;

    @Test
    void aNewSession() {
        ClaudeInvocation invocation =
                new ClaudeInvocation("claude", "claude-sonnet-4-5", 25, SESSION, false, "Be brief.", "Fix the bug");

        assertThat(invocation.argv())
                .containsExactly(
                        "claude",
                        "-p",
                        "--output-format",
                        "stream-json",
                        "--verbose",
                        "--model",
                        "claude-sonnet-4-5",
                        "--max-turns",
                        "25",
                        "--session-id",
                        SESSION,
                        "--append-system-prompt",
                        "Be brief.",
                        "--dangerously-skip-permissions",
                        "--",
                        "Fix the bug");
    }

    @Test
    void aResumedSession() {
        ClaudeInvocation invocation =
                new ClaudeInvocation("/opt/claude", "claude-opus-4-1", 3, SESSION, true, "Be brief.", "Go on");

        assertThat(invocation.argv())
                .containsExactly(
                        "/opt/claude",
                        "-p",
                        "--output-format",
                        "stream-json",
                        "--verbose",
                        "--model",
                        "claude-opus-4-1",
                        "--max-turns",
                        "3",
                        "--resume",
                        SESSION,
                        "--append-system-prompt",
                        "Be brief.",
                        "--dangerously-skip-permissions",
                        "--",
                        "Go on");
    }

    @Test
    void withoutASystemPromptTheOptionIsLeftOut() {
        assertThat(new ClaudeInvocation("claude", "m", 1, SESSION, false, null, "hi").argv())
                .doesNotContain("--append-system-prompt")
                .endsWith("--dangerously-skip-permissions", "--", "hi");
    }

    @Test
    void aPromptThatLooksLikeAnOptionStaysOneArgumentAfterTheSeparator() {
        List<String> argv = new ClaudeInvocation("claude", "m", 1, SESSION, false, "x", "--help me\nplease").argv();

        assertThat(argv.subList(argv.indexOf("--"), argv.size())).containsExactly("--", "--help me\nplease");
    }

    @Test
    void invalidInvocationsAreRefused() {
        assertThatThrownBy(() -> new ClaudeInvocation(" ", "m", 1, SESSION, false, null, "p"))
                .hasMessageContaining("binary");
        assertThatThrownBy(() -> new ClaudeInvocation("claude", "", 1, SESSION, false, null, "p"))
                .hasMessageContaining("model");
        assertThatThrownBy(() -> new ClaudeInvocation("claude", "m", 0, SESSION, false, null, "p"))
                .hasMessageContaining("maxTurns");
        assertThatThrownBy(() -> new ClaudeInvocation("claude", "m", 1, null, false, null, "p"))
                .hasMessageContaining("sessionId");
        assertThatThrownBy(() -> new ClaudeInvocation("claude", "m", 1, SESSION, false, null, null))
                .hasMessageContaining("prompt");
    }

    @Test
    void theCliReceivesExactlyTheseArguments() throws Exception {
        FakeClaude fake = FakeClaude.builder()
                .run(FakeRun.create().init().success("done"))
                .writeTo(temp.resolve("fake"));
        Path session = Files.createDirectories(temp.resolve("session"));
        ProcessLauncher launcher = new ProcessLauncher();
        List<ClaudeInvocation> invocations = List.of(
                new ClaudeInvocation(
                        fake.executable().toString(), "claude-sonnet-4-5", 5, SESSION, false, "Be brief.", "--version"),
                new ClaudeInvocation(
                        fake.executable().toString(),
                        "claude-sonnet-4-5",
                        5,
                        SESSION,
                        true,
                        "Be brief.",
                        "it's \"ok\" $HOME"));

        for (ClaudeInvocation invocation : invocations) {
            RunSpec spec = new RunSpec(
                    invocation.argv(), session, Map.of("PATH", System.getenv("PATH")), Duration.ofSeconds(30));
            RunHandle run = launcher.start(spec, line -> {});
            assertThat(run.await(Duration.ofSeconds(20))).isPresent();
        }

        assertThat(fake.invocations()).hasSize(2);
        for (int i = 0; i < 2; i++) {
            List<String> argv = invocations.get(i).argv();
            assertThat(fake.invocations().get(i).args()).isEqualTo(argv.subList(1, argv.size()));
        }
        assertThat(fake.invocations().get(0).prompt()).hasValue("--version");
        assertThat(fake.invocations().get(1).option("--resume")).hasValue(SESSION);
    }
}
