package uk.org.phobos.agency.web.queue;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ErrorCode;
import uk.org.phobos.agency.core.api.SessionIds;
import uk.org.phobos.agency.core.api.TaskCreated;
import uk.org.phobos.agency.core.api.TaskRequest;
import uk.org.phobos.agency.core.api.TaskRequestValidator;
import uk.org.phobos.agency.core.api.TaskSource;
import uk.org.phobos.agency.core.api.TaskState;
import uk.org.phobos.agency.web.fleet.AgentGateway;
import uk.org.phobos.agency.web.fleet.AgentSlot;
import uk.org.phobos.agency.web.fleet.FleetDirectory;
import uk.org.phobos.agency.web.sessions.SessionStore;

/**
 * Where every submitted task enters (the internal API, the dashboard): it decides where the task may
 * run, and either hands it to the chosen agent at once or queues it. Its session is recorded only once
 * that worked: a submission answered with an error ({@code 409} from a busy agent, {@code 502}, a full
 * queue's {@code 503}, a refusal when the queue sent it on at once) leaves no session behind.
 *
 * <ul>
 *   <li>a follow-up in a known session goes to the agent holding that session, queued while it is busy;
 *   <li>"any idle agent" goes to the first idle agent, queued while none is;
 *   <li>a chosen agent gets it at once, or the caller gets {@code 409 agent_busy} unless it asked to queue.
 * </ul>
 */
public final class TaskIntake {
    private final TaskQueue queue;
    private final Dispatcher dispatcher;
    private final SessionStore sessions;
    private final FleetDirectory fleet;
    private final AgentGateway agents;
    private final Clock clock;
    private final Supplier<String> ids;
    private final Dispatcher.Dispatches recorder;
    private final TaskRequestValidator validator = new TaskRequestValidator();

    public TaskIntake(
            TaskQueue queue,
            Dispatcher dispatcher,
            SessionStore sessions,
            FleetDirectory fleet,
            AgentGateway agents,
            Clock clock,
            Supplier<String> ids,
            Dispatcher.Dispatches recorder) {
        this.queue = queue;
        this.dispatcher = dispatcher;
        this.sessions = sessions;
        this.fleet = fleet;
        this.agents = agents;
        this.clock = clock;
        this.ids = ids;
        this.recorder = recorder;
    }

    /** Fresh UUIDs, for session ids the web view picks. */
    public static Supplier<String> randomIds() {
        return () -> UUID.randomUUID().toString();
    }

    public Accepted submit(WebTaskRequest request, TaskSource defaultSource) {
        if (request == null) {
            throw ApiException.validation("the request body must be a JSON object with at least a \"prompt\"");
        }
        validator.validate(request.toTaskRequest(request.sessionId(), false, defaultSource));
        Optional<AgentSlot> chosen = request.agent() == null || request.agent().isBlank()
                ? Optional.empty()
                : Optional.of(agentNamed(request.agent()));
        boolean followUp = request.sessionId() != null && !Boolean.TRUE.equals(request.newSession());
        String sessionId = request.sessionId() != null ? request.sessionId() : ids.get();
        URI pinned = chosen.map(AgentSlot::url).orElse(null);
        boolean mayQueue = pinned == null || Boolean.TRUE.equals(request.queue());
        if (followUp) {
            Optional<URI> holder = holderOf(sessionId, pinned);
            if (holder.isPresent()) {
                if (pinned != null && !pinned.equals(holder.get())) {
                    throw ApiException.validation("session " + sessionId + " is held by the agent at " + holder.get()
                            + ": its follow-ups go there (leave out \"agent\")");
                }
                pinned = holder.get();
            }
            mayQueue = true;
        }
        TaskRequest task = request.toTaskRequest(sessionId, !followUp, defaultSource);
        if (!mayQueue) {
            return direct(chosen.orElseThrow(), task);
        }
        QueueEntry entry = new QueueEntry(
                "q-" + ids.get(),
                task,
                pinned,
                clock.instant(),
                QueueEntry.Status.QUEUED,
                null,
                null,
                null,
                null,
                null,
                null);
        queue.add(entry); // 503 when full
        dispatcher.pass();
        QueueEntry now = queue.find(entry.queueId()).orElseThrow();
        if (now.status() != QueueEntry.Status.FAILED) {
            open(task);
        }
        return answer(now);
    }

    private void open(TaskRequest task) {
        sessions.open(task.sessionId(), task.prompt(), task.source(), task.sourceRef());
    }

    private Accepted direct(AgentSlot agent, TaskRequest task) {
        TaskCreated created = agents.submit(agent.url(), task); // 409, 502, ...: nothing recorded
        open(task);
        QueueEntry record = new QueueEntry(
                "direct",
                task,
                agent.url(),
                clock.instant(),
                QueueEntry.Status.DISPATCHED,
                agent.url(),
                clock.instant(),
                created.taskId(),
                null,
                null,
                clock.instant());
        recorder.dispatched(record, agent, created);
        return new Accepted(
                201,
                created.taskId(),
                created.sessionId(),
                TaskState.WORKING,
                agent.url().toString(),
                agent.name(),
                null,
                null);
    }

    private Accepted answer(QueueEntry entry) {
        String sessionId = entry.sessionId();
        switch (entry.status()) {
            case DISPATCHED -> {
                Optional<AgentSlot> agent = fleet.agents().stream()
                        .filter(a -> a.url().equals(entry.dispatchedTo()))
                        .findFirst();
                return new Accepted(
                        201,
                        entry.taskId(),
                        sessionId,
                        TaskState.WORKING,
                        entry.dispatchedTo().toString(),
                        agent.map(AgentSlot::name).orElse(null),
                        entry.queueId(),
                        null);
            }
            case FAILED -> throw new ApiException(entry.errorStatus(), entry.error(), java.util.Map.of());
            default -> {
                List<QueueEntry> waiting = queue.waiting();
                int position = 1;
                for (QueueEntry other : waiting) {
                    if (other.queueId().equals(entry.queueId())) {
                        break;
                    }
                    position++;
                }
                return new Accepted(
                        202,
                        entry.queueId(),
                        sessionId,
                        TaskState.QUEUED,
                        entry.agent() == null ? null : entry.agent().toString(),
                        null,
                        entry.queueId(),
                        position);
            }
        }
    }

    /** The agent that holds a session: as recorded here, else the one that says it has it. */
    private Optional<URI> holderOf(String sessionId, URI chosen) {
        SessionIds.requireValid(sessionId);
        if (sessions.find(sessionId).isPresent()) {
            return sessions.agentOf(sessionId); // empty while its first task waits in the queue
        }
        if (chosen != null) {
            return Optional.of(chosen);
        }
        for (AgentSlot agent : fleet.agents()) {
            if (agent.healthy() && agents.holdsSession(agent.url(), sessionId)) {
                return Optional.of(agent.url());
            }
        }
        throw new ApiException(
                ErrorCode.NOT_FOUND,
                "no agent holds session '" + sessionId + "': send \"new_session\": true to start one with this id");
    }

    private AgentSlot agentNamed(String nameOrUrl) {
        for (AgentSlot agent : fleet.agents()) {
            if (agent.name().equals(nameOrUrl) || agent.url().toString().equals(stripSlash(nameOrUrl))) {
                return agent;
            }
        }
        throw new ApiException(
                ErrorCode.NOT_FOUND,
                "no agent '" + nameOrUrl + "' in the fleet: give the name or URL of a discovered agent, or leave out"
                        + " \"agent\" for any idle one");
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
