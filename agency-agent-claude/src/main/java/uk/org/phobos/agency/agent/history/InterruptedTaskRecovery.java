package uk.org.phobos.agency.agent.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.agent.claude.StreamJsonParser;
import uk.org.phobos.agency.agent.claude.TaskStreamReplay;
import uk.org.phobos.agency.core.api.Step;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskError;
import uk.org.phobos.agency.core.api.TaskErrorType;
import uk.org.phobos.agency.core.api.TaskState;
import uk.org.phobos.agency.core.api.Usage;

/**
 * The start-up step for a task that was running when the agent died (SPEC.md section 3): end the
 * CLI process it left, rebuild what the task did from the partial stream it left in the history
 * folder, record the task {@code interrupted} in the history with those steps, keep that stream as
 * the task's debug stream, remove the marker, and remove any other partial stream.
 */
public final class InterruptedTaskRecovery {
    static final String MESSAGE = "The agent stopped while this task was running; its CLI process was ended."
            + " Submit it again, or resume its session to continue.";
    private static final Logger log = LoggerFactory.getLogger(InterruptedTaskRecovery.class);

    private final RunningTaskMarker marker;
    private final LeftoverRunEnder leftovers;
    private final HistoryStore history;
    private final Clock clock;
    private final StreamJsonParser parser = new StreamJsonParser();

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
     * Partial streams of other tasks are removed either way.
     */
    public Optional<Task> recover() throws IOException {
        Optional<LeftoverRun> leftover = marker.read();
        Optional<Task> recorded = leftover.isEmpty() ? Optional.empty() : Optional.of(recover(leftover.get()));
        history.discardLeftoverPartialStreams(recorded.map(Task::taskId).orElse(null));
        return recorded;
    }

    private Task recover(LeftoverRun run) throws IOException {
        run.process().ifPresent(leftovers::end);
        String taskId = run.task().taskId();
        // The history's copy may be newer than the marker's.
        Optional<Task> saved = history.find(taskId);
        Task known = saved.orElse(run.task());
        boolean ended = known.state() != null && known.state().isTerminal();
        Task recorded = ended ? known : interrupted(known, replay(taskId));
        if (!ended || saved.isEmpty()) {
            history.save(recorded);
        }
        keepStream(taskId);
        marker.clear();
        if (ended) {
            log.info("Task {} had ended ({}) before the agent stopped", recorded.taskId(), recorded.state());
        } else {
            log.warn(
                    "Task {} was running when the agent stopped: recorded it interrupted, with {} step(s)"
                            + " rebuilt from its partial stream",
                    recorded.taskId(),
                    recorded.steps().size());
        }
        return recorded;
    }

    /** What the task's partial stream says it did; empty when there is none or it holds no run. */
    private Optional<TaskStreamReplay> replay(String taskId) {
        TaskStreamReplay replay = new TaskStreamReplay(parser);
        try {
            if (!history.readPartialStream(taskId, replay)) {
                return Optional.empty();
            }
        } catch (IOException | UncheckedIOException e) {
            // What was read before the failure still counts.
            log.warn("Cannot read all of the partial stream of task {}: {}", taskId, e.toString());
        }
        return replay.runs().isEmpty() ? Optional.empty() : Optional.of(replay);
    }

    /** The partial stream becomes the task's debug stream; best effort, it cannot stop the start. */
    private void keepStream(String taskId) {
        try {
            history.keepPartialStream(taskId);
        } catch (IOException | IllegalStateException e) {
            // IllegalStateException: the history no longer holds the task (retention dropped it).
            log.warn("Cannot keep the partial stream of task {} as its debug stream: {}", taskId, e.toString());
        }
    }

    private Task interrupted(Task task, Optional<TaskStreamReplay> replay) {
        Instant now = clock.instant();
        Double duration = task.startedAt() == null
                ? task.durationSeconds()
                : Duration.between(task.startedAt(), now).toMillis() / 1000.0;
        List<Step> steps = task.steps();
        Usage usage = task.usage();
        Double costUsd = task.costUsd();
        Integer numTurns = task.numTurns();
        Integer attempts = task.attempts();
        String output = task.output();
        if (replay.isPresent()) {
            // The stream holds every run of the task from its start: it is the whole account.
            TaskStreamReplay runs = replay.get();
            steps = runs.steps();
            attempts = Math.max(attempts == null ? 0 : attempts, runs.runs().size());
            output = runs.output().orElse(output);
            if (runs.hasResult()) {
                usage = runs.usage();
                costUsd = runs.costUsd();
                numTurns = runs.numTurns();
            }
        }
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
                output,
                new TaskError(TaskErrorType.INTERRUPTED, MESSAGE),
                usage,
                costUsd,
                numTurns,
                attempts,
                steps,
                task.sandbox());
    }
}
