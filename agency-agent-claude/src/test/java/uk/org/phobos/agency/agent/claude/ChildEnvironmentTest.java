package uk.org.phobos.agency.agent.claude;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChildEnvironmentTest {
    private static final Map<String, String> AGENT = Map.of(
            "PATH", "/usr/bin:/bin",
            "HOME", "/home/agent",
            "AG_WEB_PASSWORD", "hunter2",
            "AGENCY_TOKEN", "t0k3n",
            "AGENCY_TOKEN_FILE", "/root/.agency/token",
            "CLAUDECODE", "1",
            "CLAUDE_CODE_ENTRYPOINT", "cli",
            "CLAUDE_CODE_SSE_PORT", "4711",
            "CLAUDE_CODE_USE_BEDROCK", "1",
            "CLAUDE_CONFIG_DIR", "/home/agent/.claude");

    private final ChildEnvironment environment =
            new ChildEnvironment(Set.of("AGENCY_TOKEN_FILE"), Set.of("CLAUDE_CODE_USE_BEDROCK"));

    @Test
    void removesSecretsAndLeakedClaudeCodeVariablesKeepsTheRestAndAddsTheTasks() {
        Map<String, String> env = environment.build(AGENT, Map.of("TASK_VAR", "42", "CLAUDE_CODE_MAX_RETRIES", "2"));

        assertThat(env)
                .containsOnly(
                        Map.entry("PATH", "/usr/bin:/bin"),
                        Map.entry("HOME", "/home/agent"),
                        Map.entry("CLAUDE_CODE_USE_BEDROCK", "1"),
                        Map.entry("CLAUDE_CONFIG_DIR", "/home/agent/.claude"),
                        Map.entry("TASK_VAR", "42"),
                        Map.entry("CLAUDE_CODE_MAX_RETRIES", "2"));
    }

    @Test
    void theTaskMayOverrideAnOrdinaryVariable() {
        assertThat(environment.build(AGENT, Map.of("PATH", "/opt/bin"))).containsEntry("PATH", "/opt/bin");
    }

    @Test
    void theTaskMayNotMoveTheClisHomeOrConfigFolderBecauseResumeNeedsTheSameOnes() {
        for (String key : Set.of("HOME", "CLAUDE_CONFIG_DIR")) {
            assertThatThrownBy(() -> environment.build(AGENT, Map.of(key, "/tmp/elsewhere")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(key)
                    .hasMessageContaining("--resume");
        }
    }

    @Test
    void theBuiltInSecretsAreRemovedEvenWhenTheCallerAddsNone() {
        Map<String, String> env = new ChildEnvironment(Set.of(), Set.of()).build(AGENT, Map.of());

        assertThat(env).doesNotContainKeys("AG_WEB_PASSWORD", "AGENCY_TOKEN", "CLAUDECODE", "CLAUDE_CODE_USE_BEDROCK");
        assertThat(env).containsKey("AGENCY_TOKEN_FILE");
    }

    @Test
    void theTaskMayNotReAddASecretOrClaudecode() {
        for (String key : Set.of("AGENCY_TOKEN", "AG_WEB_PASSWORD", "AGENCY_TOKEN_FILE", "CLAUDECODE")) {
            assertThatThrownBy(() -> environment.build(AGENT, Map.of(key, "x")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(key);
        }
    }

    @Test
    void namesAndValuesNoEnvironmentCanCarryAreRefused() {
        assertThatThrownBy(() -> environment.build(AGENT, Map.of("A=B", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("A=B");
        assertThatThrownBy(() -> environment.build(AGENT, Map.of("", "x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> environment.build(AGENT, Map.of("NUL", "a\0b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NUL");
    }
}
