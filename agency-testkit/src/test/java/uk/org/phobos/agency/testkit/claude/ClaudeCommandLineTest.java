package uk.org.phobos.agency.testkit.claude;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ClaudeCommandLineTest {
    @Test
    void buildsTheSpecCommandLineForANewSession() {
        assertThat(ClaudeCommandLine.of(Path.of("/opt/claude"))
                        .model("claude-sonnet-4-5")
                        .maxTurns(3)
                        .newSession("s-1")
                        .appendSystemPrompt("Be brief.")
                        .build("--not an option"))
                .containsExactly(
                        "/opt/claude",
                        "-p",
                        "--output-format",
                        "stream-json",
                        "--verbose",
                        "--model",
                        "claude-sonnet-4-5",
                        "--max-turns",
                        "3",
                        "--session-id",
                        "s-1",
                        "--append-system-prompt",
                        "Be brief.",
                        "--dangerously-skip-permissions",
                        "--",
                        "--not an option");
    }

    @Test
    void resumesWithResume() {
        assertThat(ClaudeCommandLine.of("claude").resume("s-1").build("go"))
                .containsSequence("--resume", "s-1")
                .doesNotContain("--session-id", "--append-system-prompt");
    }
}
