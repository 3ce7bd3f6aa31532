package uk.org.phobos.agency.web.sessions;

import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.client.ComponentUnreachableException;
import uk.org.phobos.agency.core.discovery.FleetMember;
import uk.org.phobos.agency.web.fleet.AgentGateway;

/**
 * When an agent appears (at start, or back after a restart), reads its sessions and records the
 * tasks the web view does not know yet (work submitted to the agent directly, or while the web view
 * was down), so the dashboard shows the whole fleet's work.
 */
public final class AgentSessionImport {
    static final int NEWEST_SESSIONS = 50;
    private static final Logger log = LoggerFactory.getLogger(AgentSessionImport.class);

    private final SessionStore sessions;
    private final AgentGateway agents;

    public AgentSessionImport(SessionStore sessions, AgentGateway agents) {
        this.sessions = sessions;
        this.agents = agents;
    }

    /** Imports what {@code agent} has that the web view lacks; returns the number of tasks recorded. */
    public int importFrom(FleetMember agent) {
        int recorded = 0;
        try {
            List<AgentGateway.AgentSession> listed = agents.sessions(agent.url());
            for (AgentGateway.AgentSession session : listed.subList(0, Math.min(NEWEST_SESSIONS, listed.size()))) {
                if (knowsAll(session)) {
                    continue;
                }
                for (Task task : agents.sessionTasks(agent.url(), session.sessionId())) {
                    Optional<TrackedTask> known = sessions.task(task.taskId());
                    if (known.isEmpty() || known.get().open()) {
                        sessions.record(agent.url(), agent.status().name(), task, false);
                        recorded++;
                    }
                }
            }
        } catch (ApiException | ComponentUnreachableException e) {
            log.debug("cannot read the sessions of {}: {}", agent.url(), e.getMessage());
        }
        return recorded;
    }

    private boolean knowsAll(AgentGateway.AgentSession session) {
        return session.taskIds().stream()
                .allMatch(id -> sessions.task(id).map(task -> !task.open()).orElse(false));
    }
}
