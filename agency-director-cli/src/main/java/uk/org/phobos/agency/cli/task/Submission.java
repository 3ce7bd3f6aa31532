package uk.org.phobos.agency.cli.task;

import uk.org.phobos.agency.cli.api.TaskAddress;
import uk.org.phobos.agency.cli.json.JsonObject;

/**
 * A task that was accepted: where to ask about it, its ids, and the answer as sent. {@code webView} is, for a
 * task sent through the web view, where to go on asking about it there (the web view's {@code GET
 * /api/task/{id}}); null for a task sent to an agent directly.
 */
public record Submission(
        TaskAddress address, String taskId, String sessionId, JsonObject created, TaskAddress webView) {

    /** True while the task waits in the web view's queue: its id is the queue's, not one an agent knows. */
    public boolean queued() {
        return !address.onAgent() && "queued".equals(created.string("state"));
    }
}
