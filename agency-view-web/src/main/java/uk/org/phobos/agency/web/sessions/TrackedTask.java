package uk.org.phobos.agency.web.sessions;

import java.net.URI;
import uk.org.phobos.agency.core.api.Task;

/**
 * A task as the web view last saw it, and the agent that runs it. {@code provisional} marks a state
 * the web view inferred (the agent went away) rather than read from the agent: such a task is checked
 * again when the agent returns. A task its agent answered it does not know is recorded as interrupted
 * and not provisional: final, so it is not checked again.
 */
public record TrackedTask(URI agentUrl, String agentName, Task task, boolean provisional) {
    public String taskId() {
        return task.taskId();
    }

    /** Still to be checked against its agent: running, or inferred. */
    public boolean open() {
        return provisional || !task.state().isTerminal();
    }
}
