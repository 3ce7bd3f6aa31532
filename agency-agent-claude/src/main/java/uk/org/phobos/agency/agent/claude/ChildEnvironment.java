package uk.org.phobos.agency.agent.claude;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The environment of a CLI run (SPEC.md section 3): the agent's own, minus Agency's secrets and
 * minus what a parent Claude Code session leaks ({@code CLAUDECODE}, {@code CLAUDE_CODE_*} other
 * than the configured ones), plus the task's {@code env}, which may not move the CLI's home or
 * config folder.
 */
public final class ChildEnvironment {
    /** Always removed, whatever the caller adds. */
    public static final Set<String> AGENCY_SECRETS = Set.of("AG_WEB_PASSWORD", "AGENCY_TOKEN");

    /** Where the CLI keeps its conversations: {@code --resume} finds a session only where its first run left it. */
    private static final Set<String> CLI_STATE_LOCATIONS = Set.of("HOME", "CLAUDE_CONFIG_DIR");

    private static final String CLAUDECODE = "CLAUDECODE";
    private static final String CLAUDE_CODE_PREFIX = "CLAUDE_CODE_";

    private final Set<String> secrets;
    private final Set<String> keepClaudeCode;

    /**
     * @param secrets names to remove besides {@link #AGENCY_SECRETS} (e.g. the variable naming the token file)
     * @param keepClaudeCode {@code CLAUDE_CODE_*} names to pass through from the agent's environment
     */
    public ChildEnvironment(Set<String> secrets, Set<String> keepClaudeCode) {
        Set<String> all = new HashSet<>(AGENCY_SECRETS);
        all.addAll(secrets);
        this.secrets = Set.copyOf(all);
        this.keepClaudeCode = Set.copyOf(keepClaudeCode);
    }

    /**
     * The child's complete environment. Throws {@link IllegalArgumentException} naming the key
     * when {@code taskEnv} tries to set a secret, {@code CLAUDECODE}, {@code HOME} or {@code
     * CLAUDE_CONFIG_DIR}, or holds a name or value no environment can carry.
     */
    public Map<String, String> build(Map<String, String> agentEnv, Map<String, String> taskEnv) {
        Map<String, String> env = new HashMap<>();
        agentEnv.forEach((name, value) -> {
            if (!secrets.contains(name) && !leakedFromClaudeCode(name)) {
                env.put(name, value);
            }
        });
        taskEnv.forEach((name, value) -> {
            check(name, value);
            env.put(name, value);
        });
        return env;
    }

    private boolean leakedFromClaudeCode(String name) {
        return name.equals(CLAUDECODE) || (name.startsWith(CLAUDE_CODE_PREFIX) && !keepClaudeCode.contains(name));
    }

    private void check(String name, String value) {
        if (name == null || name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("env: '" + name + "' is not a valid variable name");
        }
        if (secrets.contains(name) || name.equals(CLAUDECODE)) {
            throw new IllegalArgumentException("env: " + name + " may not be set by a task");
        }
        if (CLI_STATE_LOCATIONS.contains(name)) {
            throw new IllegalArgumentException("env: " + name + " may not be set by a task: the CLI keeps its"
                    + " conversations under HOME (or CLAUDE_CONFIG_DIR), and --resume finds a session only when"
                    + " every run of it looks in the same place");
        }
        if (value == null || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("env: the value of " + name + " must be text without NUL characters");
        }
    }
}
