package uk.org.phobos.agency.scheduler.run;

import java.net.URI;
import uk.org.phobos.agency.core.api.TaskState;

/**
 * A task that was accepted: its id, the web view's queue id when it went through the web view's queue
 * (the task id is that queue id until an agent takes the task, then the agent's), where it was sent
 * ({@code via}, the agent if known), the URL to follow it at, why the web view was skipped (when it was),
 * and its state when accepted.
 */
public record Submission(
        String taskId,
        String queueId,
        String sessionId,
        Via via,
        String agentUrl,
        URI taskUrl,
        String fallbackReason,
        TaskState state) {

    /** Whether the task still waits in the web view's queue, known only by its queue id. */
    public boolean waitsInQueue() {
        return queueId != null && queueId.equals(taskId);
    }
}
