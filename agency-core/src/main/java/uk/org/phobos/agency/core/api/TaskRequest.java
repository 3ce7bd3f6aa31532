package uk.org.phobos.agency.core.api;

import java.util.Map;

/** {@code POST /task}. Only {@code prompt} is required; {@link TaskRequestValidator} checks the rest. */
public record TaskRequest(
        String prompt,
        String sessionId,
        Boolean newSession,
        String model,
        Integer timeoutSeconds,
        Integer maxTurns,
        Map<String, String> env,
        TaskSource source,
        String sourceRef) {

    public TaskRequest {
        env = env == null ? Map.of() : Map.copyOf(env);
    }

    public static TaskRequest of(String prompt) {
        return new TaskRequest(prompt, null, null, null, null, null, null, null, null);
    }

    public boolean startsNewSession() {
        return Boolean.TRUE.equals(newSession);
    }
}
