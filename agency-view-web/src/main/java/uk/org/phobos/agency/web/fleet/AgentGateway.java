package uk.org.phobos.agency.web.fleet;

import java.net.URI;
import java.util.List;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskCreated;
import uk.org.phobos.agency.core.api.TaskRequest;

/** What the web view asks of agents. Failures are {@code ApiException}s and {@code ComponentUnreachableException}s. */
public interface AgentGateway {
    TaskCreated submit(URI agent, TaskRequest request);

    Task task(URI agent, String taskId);

    Task cancel(URI agent, String taskId);

    /** The agent's current and recent tasks ({@code GET /tasks}). */
    List<Task> recentTasks(URI agent);

    /** Whether the agent has a session with this id ({@code GET /sessions/{id}}). */
    boolean holdsSession(URI agent, String sessionId);

    /** The agent's sessions, newest first ({@code GET /sessions}). */
    List<AgentSession> sessions(URI agent);

    /** The tasks of one of the agent's sessions ({@code GET /sessions/{id}}), oldest first. */
    List<Task> sessionTasks(URI agent, String sessionId);

    /** A session as an agent lists it. */
    record AgentSession(
            String sessionId, java.time.Instant createdAt, java.time.Instant updatedAt, List<String> taskIds) {
        public AgentSession {
            taskIds = taskIds == null ? List.of() : List.copyOf(taskIds);
        }
    }
}
