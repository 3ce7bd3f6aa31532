package uk.org.phobos.agency.web.queue;

import java.util.Map;
import java.util.Optional;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ErrorCode;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskError;
import uk.org.phobos.agency.core.api.TaskErrorType;
import uk.org.phobos.agency.core.api.TaskState;
import uk.org.phobos.agency.web.fleet.AgentGateway;
import uk.org.phobos.agency.web.sessions.Reconciler;
import uk.org.phobos.agency.web.sessions.SessionStore;
import uk.org.phobos.agency.web.sessions.TrackedTask;

/**
 * Finds a task by the id a caller holds: an agent's task id, or a queue id ({@code q-...}), which
 * resolves to the agent's task once one took it. A running task is read fresh from its agent.
 */
public final class TaskLookup {
    private final SessionStore sessions;
    private final TaskQueue queue;
    private final Reconciler reconciler;
    private final AgentGateway agents;

    public TaskLookup(SessionStore sessions, TaskQueue queue, Reconciler reconciler, AgentGateway agents) {
        this.sessions = sessions;
        this.queue = queue;
        this.reconciler = reconciler;
        this.agents = agents;
    }

    public Optional<Task> find(String id) {
        Optional<TrackedTask> tracked = sessions.task(id);
        if (tracked.isPresent()) {
            if (tracked.get().open()) {
                reconciler.reconcile(tracked.get());
                return sessions.task(id).map(TrackedTask::task);
            }
            return tracked.map(TrackedTask::task);
        }
        Optional<QueueEntry> entry = queue.find(id);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        if (entry.get().status() == QueueEntry.Status.DISPATCHED) {
            return find(entry.get().taskId());
        }
        return Optional.of(view(entry.get()));
    }

    public Task require(String id) {
        return find(id).orElseThrow(() -> ApiException.notFound("no task with id '" + id + "'"));
    }

    public Task cancel(String id) {
        Optional<TrackedTask> tracked = sessions.task(id);
        if (tracked.isEmpty()) {
            QueueEntry entry = queue.find(id).orElseThrow(() -> ApiException.notFound("no task with id '" + id + "'"));
            if (entry.status() == QueueEntry.Status.DISPATCHED) {
                return cancel(entry.taskId());
            }
            return view(queue.cancel(id));
        }
        TrackedTask task = tracked.get();
        if (task.task().state().isTerminal() && !task.provisional()) {
            throw new ApiException(
                    ErrorCode.ALREADY_COMPLETED,
                    "task " + id + " has already ended (" + task.task().state().wireName() + ")",
                    Map.of("final_state", task.task().state()));
        }
        Task cancelled = agents.cancel(task.agentUrl(), id);
        sessions.record(task.agentUrl(), task.agentName(), cancelled, false);
        return cancelled;
    }

    /** A queue entry that has no agent task (yet, or ever), shown as a task. */
    public static Task view(QueueEntry entry) {
        TaskState state;
        TaskError error = null;
        switch (entry.status()) {
            case FAILED -> {
                state = TaskState.FAILED;
                error = new TaskError(
                        TaskErrorType.START_ERROR,
                        entry.error() == null
                                ? "the agent refused the task"
                                : entry.error().message());
            }
            case CANCELLED -> {
                state = TaskState.CANCELLED;
                error = new TaskError(TaskErrorType.CANCELLED, "withdrawn from the queue before an agent took it");
            }
            default -> state = TaskState.QUEUED;
        }
        return new Task(
                entry.queueId(),
                entry.sessionId(),
                state,
                entry.request().prompt(),
                entry.request().model(),
                entry.request().source(),
                entry.request().sourceRef(),
                entry.enqueuedAt(),
                null,
                entry.finishedAt(),
                null,
                null,
                null,
                error,
                null,
                null,
                null,
                null,
                null,
                null);
    }
}
