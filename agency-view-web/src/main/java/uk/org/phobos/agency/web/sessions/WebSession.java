package uk.org.phobos.agency.web.sessions;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import uk.org.phobos.agency.core.api.TaskSource;

/** A session as the dashboard shows it: who started it, where it runs, and its tasks, oldest first. */
public record WebSession(
        String sessionId,
        String title,
        TaskSource source,
        String sourceRef,
        URI agentUrl,
        String agentName,
        Instant createdAt,
        Instant updatedAt,
        boolean archived,
        List<TrackedTask> tasks) {

    public WebSession {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
    }

    WebSession withTasks(List<TrackedTask> more, Instant at) {
        return new WebSession(
                sessionId,
                title,
                source,
                sourceRef,
                agentUrl,
                agentName,
                createdAt,
                later(updatedAt, at),
                archived,
                more);
    }

    WebSession withAgent(URI url, String name) {
        return new WebSession(sessionId, title, source, sourceRef, url, name, createdAt, updatedAt, archived, tasks);
    }

    WebSession withArchived(boolean value) {
        return new WebSession(
                sessionId, title, source, sourceRef, agentUrl, agentName, createdAt, updatedAt, value, tasks);
    }

    private static Instant later(Instant a, Instant b) {
        return b == null || (a != null && a.isAfter(b)) ? a : b;
    }
}
