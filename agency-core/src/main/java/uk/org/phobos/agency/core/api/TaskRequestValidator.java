package uk.org.phobos.agency.core.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Checks a {@link TaskRequest} and names every bad field in one {@code validation_error}. */
public final class TaskRequestValidator {
    public static final int MAX_TIMEOUT_SECONDS = 7 * 24 * 3600;
    public static final int MAX_TURNS = 1000;
    public static final int MAX_ENV_ENTRIES = 100;
    private static final Pattern ENV_KEY = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,127}$");
    private static final Pattern MODEL = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:\\[\\]-]{0,127}$");

    public TaskRequest validate(TaskRequest request) {
        if (request == null) {
            throw ApiException.validation("the request body must be a JSON object with at least a \"prompt\"");
        }
        List<String> problems = new ArrayList<>();
        if (request.prompt() == null || request.prompt().isBlank()) {
            problems.add("prompt is required and must not be blank");
        } else if (request.prompt().indexOf('\0') >= 0) {
            problems.add("prompt must not contain NUL characters");
        }
        if (request.sessionId() != null && !SessionIds.isValid(request.sessionId())) {
            problems.add("session_id must match " + SessionIds.PATTERN.pattern() + " and not contain '..'");
        }
        if (request.model() != null && !MODEL.matcher(request.model()).matches()) {
            problems.add("model must be a model name such as 'sonnet' or 'claude-sonnet-4-5'");
        }
        if (request.timeoutSeconds() != null
                && (request.timeoutSeconds() < 1 || request.timeoutSeconds() > MAX_TIMEOUT_SECONDS)) {
            problems.add("timeout_seconds must be between 1 and " + MAX_TIMEOUT_SECONDS);
        }
        if (request.maxTurns() != null && (request.maxTurns() < 1 || request.maxTurns() > MAX_TURNS)) {
            problems.add("max_turns must be between 1 and " + MAX_TURNS);
        }
        checkEnv(request.env(), problems);
        if (request.sourceRef() != null && request.sourceRef().length() > 200) {
            problems.add("source_ref must be at most 200 characters");
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation(String.join("; ", problems));
        }
        return request;
    }

    private static void checkEnv(Map<String, String> env, List<String> problems) {
        if (env.size() > MAX_ENV_ENTRIES) {
            problems.add("env may hold at most " + MAX_ENV_ENTRIES + " variables");
        }
        for (Map.Entry<String, String> entry : env.entrySet()) {
            if (!ENV_KEY.matcher(entry.getKey()).matches()) {
                problems.add("env key '" + entry.getKey() + "' must match " + ENV_KEY.pattern());
            } else if (entry.getValue() == null || entry.getValue().indexOf('\0') >= 0) {
                problems.add("env " + entry.getKey() + " must be a string without NUL characters");
            }
        }
    }
}
