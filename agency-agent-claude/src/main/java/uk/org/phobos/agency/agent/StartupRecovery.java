package uk.org.phobos.agency.agent;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.agent.history.HistoryStore;
import uk.org.phobos.agency.agent.history.LeftoverProcessReaper;
import uk.org.phobos.agency.agent.history.LeftoverRun;
import uk.org.phobos.agency.agent.history.RunningTaskMarker;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskError;
import uk.org.phobos.agency.core.api.TaskErrorType;
import uk.org.phobos.agency.core.api.TaskState;

/**
 * Cleans up after an agent that died mid-task (even {@code kill -9}): ends what its CLI left
 * running (only if it is still the same process) and records the task as {@code interrupted}.
 */
final class StartupRecovery {
    private static final Logger log = LoggerFactory.getLogger(StartupRecovery.class);
    static final String MESSAGE = "the agent stopped (it crashed or was killed) while this task was running";

    private final RunningTaskMarker marker;
    private final LeftoverProcessReaper reaper;
    private final HistoryStore history;
    private final Clock clock;

    StartupRecovery(RunningTaskMarker marker, LeftoverProcessReaper reaper, HistoryStore history, Clock clock) {
        this.marker = marker;
        this.reaper = reaper;
        this.history = history;
        this.clock = clock;
    }

    void run() throws IOException {
        var leftover = marker.read();
        if (leftover.isPresent()) {
            recover(leftover.get());
            marker.clear();
        }
        // A task saved as running that the marker does not name (a crash between two writes) ends the same way.
        for (Task task : history.newestFirst()) {
            if (!task.state().isTerminal()) {
                history.save(interrupted(task));
            }
        }
    }

    private void recover(LeftoverRun leftover) throws IOException {
        leftover.process().ifPresent(process -> {
            if (reaper.endIfSameProcess(process)) {
                log.warn("ended the CLI (process group {}) left running by the previous agent", process.pid());
            }
        });
        Task task = history.find(leftover.task().taskId()).orElse(leftover.task());
        if (!task.state().isTerminal()) {
            history.save(interrupted(task));
            log.warn("task {} was running when the agent stopped: recorded as interrupted", task.taskId());
        }
    }

    private Task interrupted(Task task) {
        Instant now = clock.instant();
        Instant started = task.startedAt() == null ? task.createdAt() : task.startedAt();
        Double duration = started == null ? null : Duration.between(started, now).toMillis() / 1000.0;
        return new Task(task.taskId(), task.sessionId(), TaskState.INTERRUPTED, task.prompt(), task.model(),
                task.source(), task.sourceRef(), task.createdAt(), task.startedAt(), now, duration, task.exitCode(),
                task.output(), new TaskError(TaskErrorType.INTERRUPTED, MESSAGE), task.usage(), task.costUsd(),
                task.numTurns(), task.attempts(), task.steps());
    }
}
