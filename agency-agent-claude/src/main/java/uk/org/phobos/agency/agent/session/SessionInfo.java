package uk.org.phobos.agency.agent.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A session this agent created: when, when a task last ran in it, and its tasks, oldest first. */
public record SessionInfo(String sessionId, Instant createdAt, Instant updatedAt, List<String> taskIds) {

    public SessionInfo {
        taskIds = taskIds == null ? List.of() : List.copyOf(taskIds);
    }

    SessionInfo withTask(String taskId, Instant now) {
        List<String> more = new ArrayList<>(taskIds.size() + 1);
        more.addAll(taskIds);
        more.add(taskId);
        return new SessionInfo(sessionId, createdAt, now, more);
    }
}
