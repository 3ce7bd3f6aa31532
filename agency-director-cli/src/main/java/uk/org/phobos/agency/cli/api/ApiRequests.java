package uk.org.phobos.agency.cli.api;

import java.util.LinkedHashMap;
import java.util.Map;
import uk.org.phobos.agency.core.api.ShutdownRequest;
import uk.org.phobos.agency.core.api.TaskRequest;

/** Request records as the JSON objects of the wire: snake_case names, absent values left out. */
final class ApiRequests {

    Map<String, Object> task(TaskRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("prompt", request.prompt());
        putIfPresent(body, "session_id", request.sessionId());
        putIfPresent(body, "new_session", request.newSession());
        putIfPresent(body, "model", request.model());
        putIfPresent(body, "timeout_seconds", request.timeoutSeconds());
        putIfPresent(body, "max_turns", request.maxTurns());
        if (!request.env().isEmpty()) {
            body.put("env", new LinkedHashMap<>(request.env()));
        }
        putIfPresent(
                body,
                "source",
                request.source() == null ? null : request.source().wireName());
        putIfPresent(body, "source_ref", request.sourceRef());
        return body;
    }

    Map<String, Object> shutdown(ShutdownRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        putIfPresent(body, "force", request.force());
        putIfPresent(body, "timeout_seconds", request.timeoutSeconds());
        return body;
    }

    private static void putIfPresent(Map<String, Object> body, String name, Object value) {
        if (value != null) {
            body.put(name, value);
        }
    }
}
