package uk.org.phobos.agency.core.api;

import java.time.Instant;
import java.util.List;

/**
 * A task as {@code GET /task/{id}} shows it, the same before and after it ends. {@code sandbox} (an
 * addition to SPEC.md) says what sandbox it ran under; null for a task recorded before it existed.
 */
public record Task(
        String taskId,
        String sessionId,
        TaskState state,
        String prompt,
        String model,
        TaskSource source,
        String sourceRef,
        Instant createdAt,
        Instant startedAt,
        Instant completedAt,
        Double durationSeconds,
        Integer exitCode,
        String output,
        TaskError error,
        Usage usage,
        Double costUsd,
        Integer numTurns,
        Integer attempts,
        List<Step> steps,
        TaskSandbox sandbox) {

    public Task {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }
}
