package uk.org.phobos.agency.agent.history;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskError;
import uk.org.phobos.agency.core.api.TaskErrorType;
import uk.org.phobos.agency.core.api.TaskState;

/**
 * The start-up step for a task that was running when the agent died (SPEC.md section 3): end the
 * CLI process it left, record the task {@code interrupted} in the history, remove the marker.
 */
public final class InterruptedTaskRecovery {
    static final String MESSAGE = "The agent stopped while this task was running; its CLI process was ended."
            + " Submit it again, or resume its session to continue.";
    private static final Logger log = LoggerFactory.getLogger(InterruptedTaskRecovery.class);

    private final RunningTaskMarker marker;
    private final LeftoverRunEnder leftovers;
    private final HistoryStore history;
    private final Clock clock;

    public InterruptedTaskRecovery(
            RunningTaskMarker marker, LeftoverRunEnder leftovers, HistoryStore history, Clock clock) {
        this.marker = marker;
        this.leftovers = leftovers;
        this.history = history;
        this.clock = clock;
    }

    /**
     * Returns the task as now recorded when the marker named one. A task the history already has
     * in a final state (the agent died between saving it and clearing the marker) keeps that state.
     */
    public Optional<Task> recover() throws IOException {
        Optional<LeftoverRun> leftover = marker.read();
        if (leftover.isEmpty()) {
            return Optional.empty();
        }
        LeftoverRun run = leftover.get();
        run.process().ifPresent(leftovers::end);
        // The history's copy may be newer than the marker's (steps saved while it ran).
        Optional<Task> saved = history.find(run.task().taskId());
        Task known = saved.orElse(run.task());
        boolean ended = known.state() != null && known.state().isTerminal();
        Task recorded = ended ? known : interrupted(known);
        if (!ended || saved.isEmpty()) {
            history.save(recorded);
        }
        marker.clear();
        if (ended) {
            log.info("Task {} had ended ({}) before the agent stopped", recorded.taskId(), recorded.state());
        } else {
            log.warn("Task {} was running when the agent stopped: recorded it interrupted", recorded.taskId());
        }
        return Optional.of(recorded);
    }

    private Task interrupted(Task task) {
        Instant now = clock.instant();
        Double duration = task.startedAt() == null
                ? task.durationSeconds()
                : Duration.between(task.startedAt(), now).toMillis() / 1000.0;
        return new Task(
                task.taskId(),
                task.sessionId(),
                TaskState.INTERRUPTED,
                task.prompt(),
                task.model(),
                task.source(),
                task.sourceRef(),
                task.createdAt(),
                task.startedAt(),
                now,
                duration,
                task.exitCode(),
                task.output(),
                new TaskError(TaskErrorType.INTERRUPTED, MESSAGE),
                task.usage(),
                task.costUsd(),
                task.numTurns(),
                task.attempts(),
                task.steps(),
                task.sandbox());
    }
}
