package uk.org.phobos.agency.agent.sandbox;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import uk.org.phobos.agency.sandbox.SandboxMode;

/**
 * The {@code sandbox:} section of the agent's config file: {@code mode} ({@code off}, {@code auto}
 * or {@code required}; {@code --sandbox} wins over it) and extra absolute paths the task sandbox
 * makes {@code read_only}, {@code read_write} or {@code hidden}, on top of its default policy.
 */
public record SandboxConfig(SandboxMode mode, List<Path> readOnly, List<Path> readWrite, List<Path> hidden) {
    public static final SandboxConfig EMPTY = new SandboxConfig(null, null, null, null);

    public SandboxConfig {
        readOnly = readOnly == null ? List.of() : List.copyOf(readOnly);
        readWrite = readWrite == null ? List.of() : List.copyOf(readWrite);
        hidden = hidden == null ? List.of() : List.copyOf(hidden);
    }

    /** What {@code /status} shows under {@code config.sandbox}, with the mode in force. */
    public Map<String, Object> shown(SandboxMode inForce) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("mode", inForce.label());
        shown.put("read_only", readOnly.stream().map(Path::toString).toList());
        shown.put("read_write", readWrite.stream().map(Path::toString).toList());
        shown.put("hidden", hidden.stream().map(Path::toString).toList());
        return shown;
    }
}
