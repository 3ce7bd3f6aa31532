package uk.org.phobos.agency.agent.claude;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What to start: the command (e.g. {@link ClaudeInvocation#argv()}), its working directory, its
 * complete environment (nothing is inherited), and how long it may print nothing on stdout before
 * it counts as stalled.
 */
public record RunSpec(
        List<String> command, Path workingDirectory, Map<String, String> environment, Duration stallTimeout) {
    public RunSpec {
        if (command == null || command.isEmpty()) {
            throw new IllegalArgumentException("command is empty");
        }
        if (workingDirectory == null) {
            throw new IllegalArgumentException("workingDirectory is required");
        }
        if (stallTimeout == null || stallTimeout.isNegative() || stallTimeout.isZero()) {
            throw new IllegalArgumentException("stallTimeout must be positive, got " + stallTimeout);
        }
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }
}
