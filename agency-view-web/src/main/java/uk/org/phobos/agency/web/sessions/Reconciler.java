package uk.org.phobos.agency.web.sessions;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ErrorCode;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskError;
import uk.org.phobos.agency.core.api.TaskErrorType;
import uk.org.phobos.agency.core.api.TaskState;
import uk.org.phobos.agency.core.client.ComponentUnreachableException;
import uk.org.phobos.agency.core.discovery.FleetMember;
import uk.org.phobos.agency.core.discovery.Health;
import uk.org.phobos.agency.web.fleet.AgentGateway;
import uk.org.phobos.agency.web.fleet.FleetDirectory;

/**
 * Keeps the web view's tasks true to their agents: after every fleet poll, each task that is still
 * running (or whose state was only inferred) is read again from its agent. A task whose agent is down
 * shows {@code interrupted}, inferred: when the agent comes back its own record wins again. A task that
 * its agent, up and answering, no longer knows ({@code 404}) is {@code interrupted} for good and is not
 * asked about again. So a task never shows {@code working} after its agent finished it, crashed or
 * restarted, and no task is polled forever.
 */
public final class Reconciler {
    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final SessionStore sessions;
    private final FleetDirectory fleet;
    private final AgentGateway agents;
    private final Clock clock;

    public Reconciler(SessionStore sessions, FleetDirectory fleet, AgentGateway agents, Clock clock) {
        this.sessions = sessions;
        this.fleet = fleet;
        this.agents = agents;
        this.clock = clock;
    }

    /** Checks every open task; returns how many changed. */
    public int reconcile() {
        int changed = 0;
        for (TrackedTask tracked : sessions.openTasks()) {
            if (reconcile(tracked)) {
                changed++;
            }
        }
        return changed;
    }

    /** Reads one task from its agent now (e.g. for {@code GET /api/task/{id}}); true when it changed. */
    public boolean reconcile(TrackedTask tracked) {
        Optional<FleetMember> member = fleet.member(tracked.agentUrl());
        if (member.isEmpty() || member.get().health() == Health.DOWN) {
            return markLost(tracked, "the agent " + tracked.agentName() + " is not reachable", true);
        }
        if (member.get().health() != Health.OK) {
            return false; // missed a poll or two: wait before concluding anything
        }
        try {
            Task fresh = agents.task(tracked.agentUrl(), tracked.taskId());
            return sessions.record(tracked.agentUrl(), tracked.agentName(), fresh, false);
        } catch (ApiException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                // Final: a healthy agent that does not know a task will not learn of it later.
                return markLost(tracked, "the agent " + tracked.agentName() + " no longer knows this task", false);
            }
            log.debug("cannot read task {} from {}: {}", tracked.taskId(), tracked.agentUrl(), e.getMessage());
            return false;
        } catch (ComponentUnreachableException e) {
            return false;
        }
    }

    /**
     * Records a task as interrupted: {@code provisional} while its agent may still have a record of it
     * (it is down), final when its agent answered that it has none.
     */
    private boolean markLost(TrackedTask tracked, String why, boolean provisional) {
        Task task = tracked.task();
        boolean terminal = task.state().isTerminal();
        if (terminal && !tracked.provisional()) {
            return false; // its end is known
        }
        if (terminal && provisional) {
            return false; // already inferred; asked again when the agent is back
        }
        Instant finished = terminal && task.completedAt() != null ? task.completedAt() : clock.instant();
        Task lost = new Task(
                task.taskId(),
                task.sessionId(),
                TaskState.INTERRUPTED,
                task.prompt(),
                task.model(),
                task.source(),
                task.sourceRef(),
                task.createdAt(),
                task.startedAt(),
                finished,
                task.durationSeconds(),
                task.exitCode(),
                task.output(),
                new TaskError(TaskErrorType.INTERRUPTED, why),
                task.usage(),
                task.costUsd(),
                task.numTurns(),
                task.attempts(),
                task.steps(),
                task.sandbox());
        return sessions.record(tracked.agentUrl(), tracked.agentName(), lost, provisional);
    }
}
