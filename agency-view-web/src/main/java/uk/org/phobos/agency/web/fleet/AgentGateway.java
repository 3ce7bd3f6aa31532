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
}
