package uk.org.phobos.agency.web.queue;

import com.fasterxml.jackson.annotation.JsonIgnore;
import uk.org.phobos.agency.core.api.TaskState;

/**
 * The answer to a submitted task: {@code 201} with the agent's task id once an agent took it, or
 * {@code 202} with the queue entry's id (usable as a task id with {@code GET /api/task/{id}}) while it
 * waits.
 */
public record Accepted(
        @JsonIgnore int httpStatus,
        String taskId,
        String sessionId,
        TaskState state,
        String agentUrl,
        String agentName,
        String queueId,
        Integer position) {}
