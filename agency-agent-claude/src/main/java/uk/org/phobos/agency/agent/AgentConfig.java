package uk.org.phobos.agency.agent;

import java.nio.file.Path;
import java.util.List;
import uk.org.phobos.agency.agent.sandbox.SandboxConfig;

/**
 * The agent's YAML config file ({@code --config}); every key is optional and command-line options
 * win over it. Keys: {@code name}, {@code claude_bin}, {@code session_root}, {@code model}, {@code
 * models} (the allow list), {@code max_turns}, {@code timeout_seconds}, {@code stall_timeout_seconds},
 * {@code preprompt_file}, {@code keep_env} (CLAUDE_CODE_* variables to pass through), {@code
 * sandbox} ({@link SandboxConfig}: {@code mode}, {@code read_only}, {@code read_write}, {@code hidden}).
 */
public record AgentConfig(
        String name,
        String claudeBin,
        Path sessionRoot,
        String model,
        List<String> models,
        Integer maxTurns,
        Integer timeoutSeconds,
        Integer stallTimeoutSeconds,
        Path prepromptFile,
        List<String> keepEnv,
        SandboxConfig sandbox) {

    public static final AgentConfig EMPTY =
            new AgentConfig(null, null, null, null, null, null, null, null, null, null, null);

    public AgentConfig {
        models = models == null ? List.of() : List.copyOf(models);
        keepEnv = keepEnv == null ? List.of() : List.copyOf(keepEnv);
        sandbox = sandbox == null ? SandboxConfig.EMPTY : sandbox;
    }
}
