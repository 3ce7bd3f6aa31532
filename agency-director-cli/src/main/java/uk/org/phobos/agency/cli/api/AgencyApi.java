package uk.org.phobos.agency.cli.api;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import uk.org.phobos.agency.cli.http.FleetHttp;
import uk.org.phobos.agency.cli.http.HttpReply;
import uk.org.phobos.agency.cli.json.JsonCodec;
import uk.org.phobos.agency.cli.json.JsonException;
import uk.org.phobos.agency.cli.json.JsonObject;
import uk.org.phobos.agency.core.api.ApiError;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ErrorCode;
import uk.org.phobos.agency.core.api.ShutdownRequest;
import uk.org.phobos.agency.core.api.TaskRequest;
import uk.org.phobos.agency.core.client.PathSegments;
import uk.org.phobos.agency.core.client.ServerSentEvent;

/**
 * The routes of SPEC.md the command line calls, answering with the JSON as sent (for {@code --json})
 * and throwing {@link ApiException} for error envelopes, like {@code AgencyClient} does. Turn answers into
 * records with {@link ApiRecords}.
 */
public final class AgencyApi {
    private final FleetHttp http;
    private final JsonCodec json;
    private final ApiRequests requests = new ApiRequests();

    public AgencyApi(FleetHttp http, JsonCodec json) {
        this.http = http;
        this.json = json;
    }

    public JsonObject status(URI base) {
        return call(base, "GET", "/status", null, false);
    }

    public JsonObject submit(URI agent, TaskRequest request) {
        return call(agent, "POST", "/task", requests.task(request), true);
    }

    /** {@code POST /api/task} of the web view's internal API (SPEC.md section 6). */
    public JsonObject submitToWebView(URI web, TaskRequest request) {
        return call(web, "POST", "/api/task", requests.task(request), true);
    }

    public JsonObject task(TaskAddress address) {
        return call(address.base(), "GET", address.path(), null, true);
    }

    public JsonObject cancel(URI agent, String taskId) {
        return call(agent, "POST", "/task/" + PathSegments.encode(taskId) + "/cancel", null, true);
    }

    public JsonObject history(URI agent, int page, int limit) {
        return call(agent, "GET", "/history?page=" + page + "&limit=" + limit, null, true);
    }

    /** {@code {"task_id", "lines": [raw stream-json lines]}}. */
    public JsonObject debug(URI agent, String taskId) {
        return call(agent, "GET", "/history/" + PathSegments.encode(taskId) + "/debug", null, true);
    }

    public JsonObject session(URI agent, String sessionId) {
        return call(agent, "GET", "/sessions/" + PathSegments.encode(sessionId), null, true);
    }

    public JsonObject shutdown(URI base, ShutdownRequest request) {
        return call(base, "POST", "/shutdown", requests.shutdown(request), true);
    }

    /** {@code GET /jobs} of the scheduler: {@code {"jobs": [job, ...]}}, sorted by name. */
    public JsonObject jobs(URI scheduler) {
        return call(scheduler, "GET", "/jobs", null, true);
    }

    /** {@code POST /jobs}: the job as the scheduler took it, defaults filled in. */
    public JsonObject createJob(URI scheduler, Map<String, Object> job) {
        return call(scheduler, "POST", "/jobs", job, true);
    }

    /** {@code DELETE /jobs/{name}}: {@code {"name", "deleted": true}}. */
    public JsonObject deleteJob(URI scheduler, String name) {
        return call(scheduler, "DELETE", jobPath(name), null, true);
    }

    /** {@code POST /jobs/{name}/run}: the run, once its task was accepted or refused (or after 10 s). */
    public JsonObject runJob(URI scheduler, String name) {
        return call(scheduler, "POST", jobPath(name) + "/run", null, true);
    }

    /** {@code POST /jobs/{name}/pause}: the job. */
    public JsonObject pauseJob(URI scheduler, String name) {
        return call(scheduler, "POST", jobPath(name) + "/pause", null, true);
    }

    /** {@code POST /jobs/{name}/resume}: the job. */
    public JsonObject resumeJob(URI scheduler, String name) {
        return call(scheduler, "POST", jobPath(name) + "/resume", null, true);
    }

    /** {@code GET /jobs/{name}/runs}: {@code {"job", "runs": [run, ...]}}, newest first. */
    public JsonObject jobRuns(URI scheduler, String name) {
        return call(scheduler, "GET", jobPath(name) + "/runs", null, true);
    }

    private static String jobPath(String name) {
        return "/jobs/" + PathSegments.encode(name);
    }

    /**
     * Streams a task's events from its agent (see {@link FleetHttp#events}); returns the last event id,
     * or {@link FleetHttp#SILENT} when the stream was quiet for {@code silence}.
     */
    public String events(
            TaskAddress address, String lastEventId, Duration silence, Predicate<ServerSentEvent> handler) {
        return http.events(
                address.base(),
                address.eventsPath(),
                lastEventId,
                silence,
                handler,
                reply -> error(address.base(), reply));
    }

    /** The JSON of one event's data; an empty object when it is not an object. */
    public JsonObject eventData(ServerSentEvent event) {
        try {
            return json.parseObject(event.data().getBytes(StandardCharsets.UTF_8));
        } catch (JsonException e) {
            return new JsonObject(Map.of());
        }
    }

    private JsonObject call(URI base, String method, String path, Object body, boolean authorised) {
        HttpReply reply = http.exchange(base, method, path, body == null ? null : json.write(body), authorised);
        if (reply.isError()) {
            throw error(base, reply);
        }
        try {
            return json.parseObject(reply.body());
        } catch (JsonException e) {
            throw new ApiException(
                    ErrorCode.UPSTREAM_ERROR,
                    base + path + " answered with something that is not JSON: " + e.getMessage());
        }
    }

    private ApiException error(URI base, HttpReply reply) {
        ApiError error;
        try {
            JsonObject envelope = json.parseObject(reply.body());
            Map<String, Object> details = new LinkedHashMap<>(envelope.fields());
            details.remove("error");
            details.remove("message");
            String code = envelope.string("error");
            error = new ApiError(code == null ? "http_" + reply.status() : code, envelope.string("message"));
            if (!details.isEmpty()) {
                error = new ApiError(ErrorCode.fromWireName(error.error()), error.message(), details);
            }
        } catch (JsonException e) {
            String text = new String(reply.body(), StandardCharsets.UTF_8).strip();
            error = new ApiError(
                    "http_" + reply.status(),
                    base + " answered HTTP " + reply.status() + (text.isEmpty() ? "" : ": " + cut(text)));
        }
        Map<String, String> headers = reply.retryAfter() == null ? Map.of() : Map.of("Retry-After", reply.retryAfter());
        return new ComponentApiException(base, reply.status(), error, headers);
    }

    private static String cut(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
