package uk.org.phobos.agency.cli.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import uk.org.phobos.agency.cli.json.JsonException;
import uk.org.phobos.agency.cli.json.JsonObject;
import uk.org.phobos.agency.core.api.ComponentInterface;
import uk.org.phobos.agency.core.api.ComponentType;
import uk.org.phobos.agency.core.api.CurrentTask;
import uk.org.phobos.agency.core.api.HistoryPage;
import uk.org.phobos.agency.core.api.StatusReport;
import uk.org.phobos.agency.core.api.Step;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskCreated;
import uk.org.phobos.agency.core.api.TaskError;
import uk.org.phobos.agency.core.api.TaskErrorType;
import uk.org.phobos.agency.core.api.TaskSandbox;
import uk.org.phobos.agency.core.api.TaskSource;
import uk.org.phobos.agency.core.api.TaskState;
import uk.org.phobos.agency.core.api.Usage;

/**
 * JSON answers as the records of {@code agency-core}'s {@code api} package, by hand rather than through
 * Jackson's data binding (see {@link uk.org.phobos.agency.cli.json.JsonCodec} for why). Lenient like the
 * shared mapper: unknown fields are ignored, and an enum value this version does not know reads as null
 * rather than failing the command.
 */
public final class ApiRecords {
    private static final Set<String> STATUS_FIELDS =
            Set.of("type", "name", "interfaces", "version", "state", "started_at", "uptime_seconds", "config");

    /** A component's status; {@link JsonException} when it is not one (no known {@code type}). */
    public StatusReport status(JsonObject json) {
        ComponentType type = wire(json.string("type"), ComponentType::fromWireName);
        if (type == null) {
            throw new JsonException("not an Agency status report (type '" + json.string("type") + "')");
        }
        List<ComponentInterface> interfaces = new ArrayList<>();
        for (Object item : json.array("interfaces")) {
            ComponentInterface known =
                    item instanceof String name ? wire(name, ComponentInterface::fromWireName) : null;
            if (known != null) {
                interfaces.add(known);
            }
        }
        Map<String, Object> details = new LinkedHashMap<>(json.fields());
        details.keySet().removeAll(STATUS_FIELDS);
        JsonObject config = json.object("config");
        Long uptime = json.whole("uptime_seconds");
        return new StatusReport(
                type,
                json.string("name"),
                interfaces,
                json.string("version"),
                json.string("state"),
                json.instant("started_at"),
                uptime == null ? 0 : uptime,
                config == null ? Map.of() : config.fields(),
                details);
    }

    /** An agent's {@code current_task}, or null when it runs none. */
    public CurrentTask currentTask(StatusReport status) {
        if (!(status.details().get("current_task") instanceof JsonObject current)) {
            return null;
        }
        return new CurrentTask(
                current.string("task_id"),
                current.string("session_id"),
                current.instant("started_at"),
                current.string("prompt_preview"));
    }

    public TaskCreated created(JsonObject json) {
        return new TaskCreated(
                json.string("task_id"), json.string("session_id"), wire(json.string("state"), TaskState::fromWireName));
    }

    public Task task(JsonObject json) {
        JsonObject error = json.object("error");
        List<Step> steps = new ArrayList<>();
        for (JsonObject step : json.objects("steps")) {
            steps.add(new Step(
                    step.string("type"),
                    step.string("tool"),
                    step.string("input_preview"),
                    step.string("output_preview"),
                    step.bool("is_error")));
        }
        return new Task(
                json.string("task_id"),
                json.string("session_id"),
                wire(json.string("state"), TaskState::fromWireName),
                json.string("prompt"),
                json.string("model"),
                wire(json.string("source"), TaskSource::fromWireName),
                json.string("source_ref"),
                json.instant("created_at"),
                json.instant("started_at"),
                json.instant("completed_at"),
                json.decimal("duration_seconds"),
                json.integer("exit_code"),
                json.string("output"),
                error == null ? null : taskError(error),
                usage(json.object("usage")),
                json.decimal("cost_usd"),
                json.integer("num_turns"),
                json.integer("attempts"),
                steps,
                sandbox(json.object("sandbox")));
    }

    private static TaskSandbox sandbox(JsonObject sandbox) {
        if (sandbox == null) {
            return null;
        }
        return new TaskSandbox(
                Boolean.TRUE.equals(sandbox.bool("sandboxed")),
                sandbox.string("backend"),
                sandbox.string("policy_hash"),
                sandbox.string("reason"));
    }

    /** A task error from a task or from the final {@code state} event. */
    public TaskError taskError(JsonObject error) {
        return new TaskError(wire(error.string("type"), TaskErrorType::fromWireName), error.string("message"));
    }

    public HistoryPage<Task> history(JsonObject json) {
        List<Task> entries = new ArrayList<>();
        for (JsonObject entry : json.objects("entries")) {
            entries.add(task(entry));
        }
        Long total = json.whole("total");
        return new HistoryPage<>(
                entries,
                orZero(json.integer("page")),
                orZero(json.integer("limit")),
                total == null ? entries.size() : total,
                orZero(json.integer("total_pages")));
    }

    private static Usage usage(JsonObject json) {
        if (json == null) {
            return null;
        }
        return new Usage(
                orZero(json.whole("input_tokens")),
                orZero(json.whole("output_tokens")),
                orZero(json.whole("cache_read_input_tokens")),
                orZero(json.whole("cache_creation_input_tokens")));
    }

    private static <E> E wire(String name, Function<String, E> parse) {
        if (name == null) {
            return null;
        }
        try {
            return parse.apply(name);
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
