package uk.org.phobos.agency.scheduler.submit;

import uk.org.phobos.agency.core.api.TaskState;

/**
 * The answer to a task submission: an agent's {@code 201 {task_id, session_id, state}}, or the web
 * view's, which may also say which agent took it ({@code agent_url}).
 */
record SubmittedTask(String taskId, String sessionId, TaskState state, String agentUrl) {}
