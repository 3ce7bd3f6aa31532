package uk.org.phobos.agency.scheduler.submit;

import uk.org.phobos.agency.core.api.TaskSource;

/**
 * A run's task as the web view's {@code POST /api/task} takes it: the agent's task request plus where it
 * should run. {@code agent} is the job's {@code agent_url} (absent: any idle agent); with it {@code queue}
 * is true, so a busy agent makes the task wait for it in the web view's queue rather than be refused.
 */
record WebTaskRequest(
        String prompt,
        String agent,
        Boolean queue,
        String model,
        Integer timeoutSeconds,
        TaskSource source,
        String sourceRef) {}
