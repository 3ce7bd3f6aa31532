package uk.org.phobos.agency.scheduler.submit;

import uk.org.phobos.agency.core.api.TaskState;

/**
 * The answer to a task submission: an agent's {@code 201 {task_id, session_id, state}}, or the web
 * view's, which may also say which agent took it ({@code agent_url}) and its queue entry ({@code
 * queue_id}: with {@code 202} the task is queued and {@code task_id} is that queue id).
 */
record SubmittedTask(String taskId, String sessionId, TaskState state, String agentUrl, String queueId) {}
