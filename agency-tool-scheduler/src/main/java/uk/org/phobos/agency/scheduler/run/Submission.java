package uk.org.phobos.agency.scheduler.run;

import java.net.URI;
import uk.org.phobos.agency.core.api.TaskState;

/**
 * A task that was accepted: its id, where it was sent ({@code via}, the agent if known), the URL to
 * follow it at, why the web view was skipped (when it was), and its state when accepted.
 */
public record Submission(
        String taskId,
        String sessionId,
        Via via,
        String agentUrl,
        URI taskUrl,
        String fallbackReason,
        TaskState state) {}
