package uk.org.phobos.agency.agent;

import io.javalin.config.RoutesConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import uk.org.phobos.agency.agent.claude.StreamEvent;
import uk.org.phobos.agency.agent.claude.StreamJsonParser;
import uk.org.phobos.agency.agent.history.HistoryStore;
import uk.org.phobos.agency.agent.sandbox.TaskSandboxing;
import uk.org.phobos.agency.agent.session.SessionInfo;
import uk.org.phobos.agency.agent.session.SessionStore;
import uk.org.phobos.agency.agent.task.TaskEventLog;
import uk.org.phobos.agency.agent.task.TaskRunner;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ComponentType;
import uk.org.phobos.agency.core.api.HistoryPage;
import uk.org.phobos.agency.core.api.PageRequest;
import uk.org.phobos.agency.core.api.SessionIds;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskCreated;
import uk.org.phobos.agency.core.api.TaskRequest;
import uk.org.phobos.agency.core.component.EventFeed;
import uk.org.phobos.agency.core.component.JsonBodies;
import uk.org.phobos.agency.core.component.Observable;
import uk.org.phobos.agency.core.component.RouteContributor;
import uk.org.phobos.agency.core.component.Taskable;

/** The agent component: what {@code ag-agent-claude} serves (SPEC.md section 3). */
final class Agent implements Taskable, Observable, RouteContributor {
    private static final int RECENT_TASKS = 20;

    private final String name;
    private final String version;
    private final Map<String, Object> config;
    private final Readiness readiness;
    private final TaskSandboxing sandboxing;
    private final TaskRunner runner;
    private final HistoryStore history;
    private final SessionStore sessions;
    private final StreamJsonParser parser = new StreamJsonParser();

    Agent(
            String name,
            String version,
            Map<String, Object> config,
            Readiness readiness,
            TaskSandboxing sandboxing,
            TaskRunner runner,
            HistoryStore history,
            SessionStore sessions) {
        this.name = name;
        this.version = version;
        this.config = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(config));
        this.readiness = readiness;
        this.sandboxing = sandboxing;
        this.runner = runner;
        this.history = history;
        this.sessions = sessions;
    }

    @Override
    public ComponentType type() {
        return ComponentType.AGENT;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public String state() {
        return readiness.isReady() ? runner.state() : readiness.state();
    }

    @Override
    public Map<String, Object> config() {
        return config;
    }

    @Override
    public Map<String, Object> statusDetails() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("current_task", runner.currentTask().orElse(null));
        details.put("runner", readiness.runner());
        details.put("sandbox", sandboxing.status());
        readiness.problem().ifPresent(problem -> details.put("problem", problem));
        return details;
    }

    @Override
    public TaskCreated submit(TaskRequest request) {
        readiness.requireReady();
        return runner.submit(request);
    }

    @Override
    public Optional<Task> task(String taskId) {
        return runner.task(taskId);
    }

    @Override
    public Task cancel(String taskId) {
        return runner.cancel(taskId);
    }

    @Override
    public List<?> tasks() {
        List<Task> recent = history.newestFirst();
        List<Task> shown = new java.util.ArrayList<>();
        runner.currentTask().flatMap(current -> runner.task(current.taskId())).ifPresent(shown::add);
        for (Task task : recent) {
            if (shown.size() >= RECENT_TASKS) {
                break;
            }
            if (shown.stream().noneMatch(t -> t.taskId().equals(task.taskId()))) {
                shown.add(task);
            }
        }
        return shown;
    }

    /** The history, newest first, with the running task (saved only once it ends) at its head. */
    @Override
    public HistoryPage<?> history(PageRequest page) {
        List<Task> entries = new java.util.ArrayList<>();
        runner.currentTask().flatMap(current -> runner.task(current.taskId())).ifPresent(entries::add);
        for (Task task : history.newestFirst()) {
            if (entries.isEmpty() || !entries.get(0).taskId().equals(task.taskId())) {
                entries.add(task);
            }
        }
        return page.slice(entries);
    }

    @Override
    public Optional<?> historyEntry(String id) {
        return runner.task(id);
    }

    @Override
    public Optional<List<String>> debugLines(String id) {
        if (runner.task(id).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(history.stream(id).orElse(List.of()));
    }

    @Override
    public Optional<EventFeed> events(String taskId) {
        Optional<TaskEventLog> live = runner.events(taskId);
        if (live.isPresent()) {
            return Optional.of(live.get());
        }
        return runner.task(taskId).map(this::replayFromHistory);
    }

    /** For a task whose live log is gone (older, or from before a restart): its stored stream, then its end. */
    private EventFeed replayFromHistory(Task task) {
        TaskEventLog log = new TaskEventLog();
        for (String line : history.stream(task.taskId()).orElse(List.of())) {
            for (StreamEvent event : parser.parse(line)) {
                uk.org.phobos.agency.agent.task.StreamEventViews.append(log, event);
            }
        }
        Map<String, Object> end = new LinkedHashMap<>();
        end.put("state", task.state());
        if (task.error() != null) {
            end.put("error", task.error());
        }
        log.append("state", end);
        log.end();
        return log;
    }

    @Override
    public void addRoutes(RoutesConfig routes, JsonBodies bodies) {
        routes.get("/sessions", ctx -> ctx.json(Map.of("sessions", sessions.newestFirst())));
        routes.get("/sessions/{id}", ctx -> {
            String id = SessionIds.requireValid(ctx.pathParam("id"));
            SessionInfo info = sessions.find(id)
                    .orElseThrow(() -> ApiException.notFound("this agent has no session '" + id + "'"));
            List<Task> tasks = info.taskIds().stream()
                    .map(runner::task)
                    .flatMap(Optional::stream)
                    .toList();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("session_id", info.sessionId());
            body.put("created_at", info.createdAt());
            body.put("updated_at", info.updatedAt());
            body.put("tasks", tasks);
            ctx.json(body);
        });
    }

    @Override
    public void stopAccepting() {
        runner.stopAccepting();
    }

    @Override
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return runner.awaitIdle(timeout);
    }

    @Override
    public void cancelAll() {
        runner.cancelForShutdown();
    }
}
