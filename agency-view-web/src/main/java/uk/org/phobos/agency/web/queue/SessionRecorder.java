package uk.org.phobos.agency.web.queue;

import java.time.Clock;
import java.time.Instant;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskCreated;
import uk.org.phobos.agency.core.api.TaskRequest;
import uk.org.phobos.agency.core.api.TaskState;
import uk.org.phobos.agency.web.fleet.AgentSlot;
import uk.org.phobos.agency.web.sessions.SessionStore;

/** Records a task an agent took in its session at once, as working; the reconciler fills in the rest. */
public final class SessionRecorder implements Dispatcher.Dispatches {
    private final SessionStore sessions;
    private final Clock clock;

    public SessionRecorder(SessionStore sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    @Override
    public void dispatched(QueueEntry entry, AgentSlot agent, TaskCreated created) {
        TaskRequest request = entry.request();
        Instant now = clock.instant();
        TaskState state = created.state() == null ? TaskState.WORKING : created.state();
        Task task = new Task(
                created.taskId(),
                created.sessionId() == null ? request.sessionId() : created.sessionId(),
                state,
                request.prompt(),
                request.model(),
                request.source(),
                request.sourceRef(),
                now,
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
                null);
        sessions.record(agent.url(), agent.name(), task, false);
    }
}
