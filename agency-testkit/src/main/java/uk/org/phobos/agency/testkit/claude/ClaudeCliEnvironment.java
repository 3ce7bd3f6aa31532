package uk.org.phobos.agency.testkit.claude;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment for running the real Claude Code CLI against the {@code AnthropicStandIn}, offline
 * and isolated from the machine: the parent's variables minus anything Claude-related that could
 * leak in ({@code CLAUDECODE}, {@code CLAUDE_CODE_*}, {@code CLAUDE_CONFIG_DIR}, {@code ANTHROPIC_*}),
 * plus {@code ANTHROPIC_BASE_URL}, a dummy {@code ANTHROPIC_API_KEY},
 * {@code CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1}, a fresh {@code HOME} (the CLI keeps its config
 * and session transcripts there), {@code CLAUDE_CODE_TMPDIR} inside it (else every run leaves
 * probe folders in {@code /tmp/claude-<uid>}) and {@code IS_SANDBOX=1} when running as root,
 * without which the CLI refuses {@code --dangerously-skip-permissions}.
 *
 * <p>{@code --resume} only finds a session from the same working directory and the same
 * {@code HOME}: reuse one home for all runs of a session.
 */
public final class ClaudeCliEnvironment {
    private final Map<String, String> parent;
    private final Map<String, String> added = new HashMap<>();

    private ClaudeCliEnvironment(Map<String, String> parent, String baseUrl, Path home) {
        this.parent = parent;
        Path tmp = home.toAbsolutePath().resolve("tmp");
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + tmp, e);
        }
        added.put("ANTHROPIC_BASE_URL", baseUrl);
        added.put("ANTHROPIC_API_KEY", "stand-in-key");
        added.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        added.put("HOME", home.toAbsolutePath().toString());
        added.put("CLAUDE_CODE_TMPDIR", tmp.toString());
        if (isRoot()) {
            added.put("IS_SANDBOX", "1");
        }
    }

    /**
     * For the CLI talking to the stand-in at {@code baseUrl}, with {@code home} as its home folder
     * (created with its {@code tmp} folder if missing).
     */
    public static ClaudeCliEnvironment forStandIn(String baseUrl, Path home) {
        return new ClaudeCliEnvironment(System.getenv(), baseUrl, home);
    }

    /** The same, starting from {@code parent} instead of this JVM's environment. */
    public static ClaudeCliEnvironment forStandIn(String baseUrl, Path home, Map<String, String> parent) {
        return new ClaudeCliEnvironment(Map.copyOf(parent), baseUrl, home);
    }

    /** How often the CLI retries a failed API request (its default is 10, with back-off). */
    public ClaudeCliEnvironment maxRetries(int retries) {
        return put("CLAUDE_CODE_MAX_RETRIES", Integer.toString(retries));
    }

    /** Adds a variable after the leaks were removed, so it may be a {@code CLAUDE_CODE_*} one. */
    public ClaudeCliEnvironment put(String name, String value) {
        added.put(name, value);
        return this;
    }

    public Map<String, String> toMap() {
        Map<String, String> env = new HashMap<>();
        parent.forEach((name, value) -> {
            if (!leaksIntoClaude(name)) {
                env.put(name, value);
            }
        });
        env.putAll(added);
        return env;
    }

    /** Whether a parent's variable would change how the CLI under test behaves. */
    public static boolean leaksIntoClaude(String name) {
        return name.equals("CLAUDECODE")
                || name.startsWith("CLAUDE_CODE_")
                || name.equals("CLAUDE_CONFIG_DIR")
                || name.startsWith("ANTHROPIC_")
                || name.equals("IS_SANDBOX");
    }

    private static boolean isRoot() {
        return new UnixSystem().getUid() == 0;
    }
}
