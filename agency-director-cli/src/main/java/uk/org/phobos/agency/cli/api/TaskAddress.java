package uk.org.phobos.agency.cli.api;

import java.net.URI;
import uk.org.phobos.agency.core.client.PathSegments;

/**
 * Where a task can be asked about: on an agent ({@code /task/{id}}, with its event stream), or on the
 * web view's internal API ({@code /api/task/{id}}, polled) while it has not named the agent running it.
 */
public record TaskAddress(URI base, String taskId, boolean onAgent) {

    public static TaskAddress agent(URI agent, String taskId) {
        return new TaskAddress(agent, taskId, true);
    }

    public static TaskAddress webView(URI web, String taskId) {
        return new TaskAddress(web, taskId, false);
    }

    String path() {
        return (onAgent ? "/task/" : "/api/task/") + PathSegments.encode(taskId);
    }

    String eventsPath() {
        return path() + "/events";
    }
}
