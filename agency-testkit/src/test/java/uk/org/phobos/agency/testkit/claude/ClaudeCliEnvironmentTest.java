package uk.org.phobos.agency.testkit.claude;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClaudeCliEnvironmentTest {
    @TempDir
    Path home;

    private static final Map<String, String> PARENT = Map.of(
            "PATH", "/usr/bin:/bin",
            "LANG", "C.UTF-8",
            "HOME", "/root",
            "CLAUDECODE", "1",
            "CLAUDE_CODE_ENTRYPOINT", "cli",
            "CLAUDE_CONFIG_DIR", "/root/.claude-work",
            "ANTHROPIC_API_KEY", "sk-real-key",
            "ANTHROPIC_MODEL", "claude-opus-4-1");

    @Test
    void pointsTheCliAtTheStandInWithAFreshHomeAndNothingLeakedFromTheParent() {
        Map<String, String> env = ClaudeCliEnvironment.forStandIn("http://127.0.0.1:1234", home, PARENT)
                .toMap();

        assertThat(env)
                .containsEntry("PATH", "/usr/bin:/bin")
                .containsEntry("LANG", "C.UTF-8")
                .containsEntry("HOME", home.toString())
                .containsEntry("CLAUDE_CODE_TMPDIR", home.resolve("tmp").toString())
                .containsEntry("ANTHROPIC_BASE_URL", "http://127.0.0.1:1234")
                .containsEntry("ANTHROPIC_API_KEY", "stand-in-key")
                .containsEntry("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1")
                .doesNotContainKeys("CLAUDECODE", "CLAUDE_CODE_ENTRYPOINT", "CLAUDE_CONFIG_DIR", "ANTHROPIC_MODEL");
    }

    @Test
    void setsIsSandboxExactlyWhenRunningAsRoot() {
        boolean root = new com.sun.security.auth.module.UnixSystem().getUid() == 0;

        Map<String, String> env = ClaudeCliEnvironment.forStandIn("http://127.0.0.1:1", home, Map.of())
                .toMap();

        assertThat(env.containsKey("IS_SANDBOX")).isEqualTo(root);
    }

    @Test
    void addedVariablesMayBeClaudeCodeOnes() {
        Map<String, String> env = ClaudeCliEnvironment.forStandIn("http://127.0.0.1:1", home, PARENT)
                .maxRetries(0)
                .put("TASK_VAR", "x")
                .toMap();

        assertThat(env).containsEntry("CLAUDE_CODE_MAX_RETRIES", "0").containsEntry("TASK_VAR", "x");
    }
}
