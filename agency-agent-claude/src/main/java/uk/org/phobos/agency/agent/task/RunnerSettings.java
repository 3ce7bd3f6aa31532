package uk.org.phobos.agency.agent.task;

import java.time.Duration;
import java.util.List;

/** How the task runner runs the CLI; comes from the agent's config and command line. */
public record RunnerSettings(
        String claudeBinary,
        String defaultModel,
        List<String> allowedModels,
        int defaultMaxTurns,
        Duration defaultTimeout,
        Duration stallTimeout,
        Duration resultGrace,
        int maxContinuations) {

    public static final String CONTINUATION_PROMPT =
            "You ran out of turns before finishing. Continue the task from where you stopped, and finish it.";

    public RunnerSettings {
        allowedModels = List.copyOf(allowedModels);
    }
}
