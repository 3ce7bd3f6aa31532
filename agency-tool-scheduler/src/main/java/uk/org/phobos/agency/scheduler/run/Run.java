package uk.org.phobos.agency.scheduler.run;

import java.net.URI;
import java.time.Instant;
import uk.org.phobos.agency.core.api.TaskState;

/**
 * One run of a job, as history shows it ({@code GET /jobs/{name}/runs}). A run is created queued or
 * submitting, then either ends at once (skipped, missed) or is followed until its task ends; {@code
 * final_state} is the task's last state. A task the web view queued is known by its queue id ({@code
 * queue_id}, {@code q-...}) until an agent takes it; from then on {@code task_id} is the agent's task id.
 * Immutable: each change makes a new record.
 */
public record Run(
        String runId,
        String job,
        Trigger trigger,
        RunStatus status,
        Instant scheduledFor,
        Instant queuedAt,
        Instant startedAt,
        Instant finishedAt,
        Outcome outcome,
        String taskId,
        String queueId,
        String sessionId,
        String agentUrl,
        Via via,
        URI taskUrl,
        String fallbackReason,
        TaskState taskState,
        TaskState finalState,
        String error) {

    /** A run about to start or wait: nothing has happened yet. */
    public static Run created(String runId, String job, Trigger trigger, Instant scheduledFor, Instant now) {
        return new Run(
                runId,
                job,
                trigger,
                RunStatus.QUEUED,
                scheduledFor,
                now,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    /** A fire time that passed while the scheduler was down. */
    public static Run missed(String runId, String job, Instant scheduledFor, Instant now, String why) {
        return new Run(
                runId,
                job,
                Trigger.SCHEDULE,
                RunStatus.DONE,
                scheduledFor,
                null,
                null,
                now,
                Outcome.MISSED,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                why);
    }

    public Run starting(Instant now) {
        return new Run(
                runId,
                job,
                trigger,
                RunStatus.SUBMITTING,
                scheduledFor,
                queuedAt,
                now,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    public Run submitted(Submission s) {
        return new Run(
                runId,
                job,
                trigger,
                RunStatus.TRACKING,
                scheduledFor,
                queuedAt,
                startedAt,
                null,
                Outcome.SUBMITTED,
                s.taskId(),
                s.queueId(),
                s.sessionId(),
                s.agentUrl(),
                s.via(),
                s.taskUrl(),
                s.fallbackReason(),
                s.state(),
                null,
                null);
    }

    /** Ends a run that never got a task: skipped for a reason, or refused. */
    public Run notSubmitted(Outcome why, String message, Instant now) {
        return new Run(
                runId,
                job,
                trigger,
                RunStatus.DONE,
                scheduledFor,
                queuedAt,
                startedAt,
                now,
                why,
                taskId,
                queueId,
                sessionId,
                agentUrl,
                via,
                taskUrl,
                fallbackReason,
                taskState,
                null,
                message);
    }

    public Run progressed(TaskState state) {
        return new Run(
                runId,
                job,
                trigger,
                status,
                scheduledFor,
                queuedAt,
                startedAt,
                finishedAt,
                outcome,
                taskId,
                queueId,
                sessionId,
                agentUrl,
                via,
                taskUrl,
                fallbackReason,
                state,
                finalState,
                error);
    }

    /**
     * The task is now known as {@code s} says (the web view's queue entry was taken by an agent): its id,
     * queue id, session, agent, where to follow it and its state; the rest of the run stays as it is.
     */
    public Run dispatched(Submission s) {
        return new Run(
                runId,
                job,
                trigger,
                status,
                scheduledFor,
                queuedAt,
                startedAt,
                finishedAt,
                outcome,
                s.taskId(),
                s.queueId(),
                s.sessionId() != null ? s.sessionId() : sessionId,
                s.agentUrl() != null ? s.agentUrl() : agentUrl,
                via,
                s.taskUrl(),
                fallbackReason,
                s.state() != null ? s.state() : taskState,
                finalState,
                error);
    }

    /** The task ended ({@code state} null when its end could not be learnt; {@code message} says why). */
    public Run ended(TaskState state, String message, Instant now) {
        return new Run(
                runId,
                job,
                trigger,
                RunStatus.DONE,
                scheduledFor,
                queuedAt,
                startedAt,
                now,
                outcome,
                taskId,
                queueId,
                sessionId,
                agentUrl,
                via,
                taskUrl,
                fallbackReason,
                state == null ? taskState : state,
                state,
                message);
    }

    public boolean isDone() {
        return status == RunStatus.DONE;
    }

    /** Whether a task is out there being followed. */
    public boolean isTracking() {
        return status == RunStatus.TRACKING;
    }

    /** When the run happened or was due, for ordering history. */
    public Instant when() {
        if (startedAt != null) {
            return startedAt;
        }
        return scheduledFor != null ? scheduledFor : queuedAt;
    }
}
