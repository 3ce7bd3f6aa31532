package uk.org.phobos.agency.web.queue;

import java.util.Map;
import uk.org.phobos.agency.core.api.TaskRequest;
import uk.org.phobos.agency.core.api.TaskSource;

/**
 * {@code POST /api/task} (and the dashboard's new-task form): the agent's task request plus where it
 * should run. {@code agent} is an agent's URL or name, or absent for "any idle agent"; {@code queue}
 * asks to wait for a busy chosen agent instead of getting {@code 409 agent_busy}.
 */
public record WebTaskRequest(
        String prompt,
        String sessionId,
        Boolean newSession,
        String agent,
        String model,
        Integer timeoutSeconds,
        Integer maxTurns,
        Map<String, String> env,
        TaskSource source,
        String sourceRef,
        Boolean queue) {

    public WebTaskRequest {
        env = env == null ? Map.of() : Map.copyOf(env);
    }

    TaskRequest toTaskRequest(String session, boolean startsSession, TaskSource defaultSource) {
        return new TaskRequest(
                prompt,
                session,
                startsSession ? Boolean.TRUE : null,
                model,
                timeoutSeconds,
                maxTurns,
                env,
                source == null ? defaultSource : source,
                sourceRef);
    }
}
