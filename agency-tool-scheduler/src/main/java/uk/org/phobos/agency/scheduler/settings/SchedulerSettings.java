package uk.org.phobos.agency.scheduler.settings;

import java.net.URI;

/**
 * The scheduler's runtime settings ({@code GET/PUT /config}): how many runs each job's history keeps,
 * the web view's internal API to submit through, and the agent to fall back to. The URLs may be null.
 */
public record SchedulerSettings(int historyLimit, URI webUrl, URI agentUrl) {
    public static final int DEFAULT_HISTORY_LIMIT = 50;
    public static final int MAX_HISTORY_LIMIT = 1000;

    public static SchedulerSettings defaults() {
        return new SchedulerSettings(DEFAULT_HISTORY_LIMIT, null, null);
    }
}
