package uk.org.phobos.agency.web.api;

import io.javalin.config.RoutesConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ComponentType;
import uk.org.phobos.agency.core.api.HistoryPage;
import uk.org.phobos.agency.core.api.PageRequest;
import uk.org.phobos.agency.core.api.SessionIds;
import uk.org.phobos.agency.core.api.ShutdownRequest;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskCreated;
import uk.org.phobos.agency.core.api.TaskRequest;
import uk.org.phobos.agency.core.api.TaskSource;
import uk.org.phobos.agency.core.component.EventFeed;
import uk.org.phobos.agency.core.component.JsonBodies;
import uk.org.phobos.agency.core.component.Observable;
import uk.org.phobos.agency.core.component.RouteContributor;
import uk.org.phobos.agency.core.component.Taskable;
import uk.org.phobos.agency.web.live.AgentEventRelay;
import uk.org.phobos.agency.web.queue.Accepted;
import uk.org.phobos.agency.web.queue.TaskIntake;
import uk.org.phobos.agency.web.queue.TaskLookup;
import uk.org.phobos.agency.web.queue.TaskQueue;
import uk.org.phobos.agency.web.queue.WebTaskRequest;
import uk.org.phobos.agency.web.sessions.SessionStore;
import uk.org.phobos.agency.web.sessions.TrackedTask;
import uk.org.phobos.agency.web.sessions.WebSession;

/**
 * The web view as a fleet component, served on the internal port (fleet token): {@code /status}, the
 * shared task and observer routes, and {@code /api/...} for the CLI and the scheduler.
 */
public final class ViewComponent implements Taskable, Observable, RouteContributor {
    private final String name;
    private final String version;
    private final Map<String, Object> config;
    private final TaskIntake intake;
    private final TaskLookup lookup;
    private final SessionStore sessions;
    private final TaskQueue queue;
    private final AgentEventRelay relay;
    private final FleetShutdown fleetShutdown;
    private final List<Runnable> onPersist = new CopyOnWriteArrayList<>();
    private volatile Consumer<ShutdownRequest> selfShutdown = request -> {};
    private volatile boolean accepting = true;

    public ViewComponent(
            String name,
            String version,
            Map<String, Object> config,
            TaskIntake intake,
            TaskLookup lookup,
            SessionStore sessions,
            TaskQueue queue,
            AgentEventRelay relay,
            FleetShutdown fleetShutdown) {
        this.name = name;
        this.version = version;
        this.config = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(config));
        this.intake = intake;
        this.lookup = lookup;
        this.sessions = sessions;
        this.queue = queue;
        this.relay = relay;
        this.fleetShutdown = fleetShutdown;
    }

    /** Work to do when the component persists at shutdown (flush sign-ins, stop the browser side). */
    public void onPersist(Runnable action) {
        onPersist.add(action);
    }

    /** How {@code POST /api/fleet/shutdown} ends this process after the others. */
    public void selfShutdown(Consumer<ShutdownRequest> action) {
        this.selfShutdown = action;
    }

    @Override
    public ComponentType type() {
        return ComponentType.VIEW;
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
        return "running";
    }

    @Override
    public Map<String, Object> config() {
        return config;
    }

    @Override
    public Map<String, Object> statusDetails() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("queued", queue.waiting().size());
        details.put("sessions", sessions.newestFirst().size());
        return details;
    }

    @Override
    public TaskCreated submit(TaskRequest request) {
        Accepted accepted = submit(new WebTaskRequest(
                request.prompt(),
                request.sessionId(),
                request.newSession(),
                null,
                request.model(),
                request.timeoutSeconds(),
                request.maxTurns(),
                request.env(),
                request.source(),
                request.sourceRef(),
                null));
        return new TaskCreated(accepted.taskId(), accepted.sessionId(), accepted.state());
    }

    private Accepted submit(WebTaskRequest request) {
        if (!accepting) {
            throw ApiException.unavailable("the web view is shutting down and takes no new tasks");
        }
        return intake.submit(request, TaskSource.CLI);
    }

    @Override
    public Optional<Task> task(String taskId) {
        return lookup.find(SessionIds.requireValid(taskId));
    }

    @Override
    public Task cancel(String taskId) {
        return lookup.cancel(SessionIds.requireValid(taskId));
    }

    @Override
    public List<?> tasks() {
        List<Task> shown = new ArrayList<>();
        queue.waiting().forEach(entry -> shown.add(TaskLookup.view(entry)));
        shown.addAll(recentTasks().stream().limit(20).toList());
        return shown;
    }

    @Override
    public HistoryPage<?> history(PageRequest page) {
        return page.slice(recentTasks());
    }

    @Override
    public Optional<?> historyEntry(String id) {
        return lookup.find(SessionIds.requireValid(id));
    }

    @Override
    public Optional<List<String>> debugLines(String id) {
        return Optional.empty();
    }

    @Override
    public Optional<EventFeed> events(String taskId) {
        return sessions.task(taskId).map(task -> relay.feed(task.agentUrl(), task.taskId()));
    }

    private List<Task> recentTasks() {
        List<Task> all = new ArrayList<>();
        for (WebSession session : sessions.newestFirst()) {
            session.tasks().stream().map(TrackedTask::task).forEach(all::add);
        }
        all.sort(Comparator.comparing(Task::createdAt, Comparator.nullsLast(Comparator.reverseOrder())));
        return all;
    }

    @Override
    public void addRoutes(RoutesConfig routes, JsonBodies bodies) {
        routes.post("/api/task", ctx -> {
            Accepted accepted = submit(bodies.read(ctx, WebTaskRequest.class));
            ctx.status(accepted.httpStatus()).json(accepted);
        });
        routes.get("/api/task/{id}", ctx -> ctx.json(lookup.require(SessionIds.requireValid(ctx.pathParam("id")))));
        routes.post(
                "/api/task/{id}/cancel", ctx -> ctx.json(lookup.cancel(SessionIds.requireValid(ctx.pathParam("id")))));
        routes.get("/api/sessions", ctx -> {
            List<Map<String, Object>> list =
                    sessions.newestFirst().stream().map(ViewComponent::summary).toList();
            ctx.json(Map.of("sessions", list));
        });
        routes.get("/api/sessions/{id}", ctx -> {
            String id = SessionIds.requireValid(ctx.pathParam("id"));
            WebSession session = sessions.find(id).orElseThrow(() -> ApiException.notFound("no session '" + id + "'"));
            Map<String, Object> body = summary(session);
            body.put("tasks", session.tasks().stream().map(TrackedTask::task).toList());
            ctx.json(body);
        });
        routes.get("/api/queue", ctx -> ctx.json(Map.of("entries", queue.entries())));
        routes.delete("/api/queue/{id}", ctx -> ctx.json(TaskLookup.view(queue.cancel(ctx.pathParam("id")))));
        routes.post("/api/fleet/shutdown", ctx -> {
            ShutdownRequest request = bodies.readOptional(ctx, ShutdownRequest.class)
                    .orElse(new ShutdownRequest(false, null))
                    .validated();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("components", fleetShutdown.shutDown(request));
            body.put("web_view", request.forced() ? "stopping" : "draining");
            ctx.status(202).json(body);
            ctx.res().flushBuffer();
            selfShutdown.accept(request);
        });
    }

    private static Map<String, Object> summary(WebSession session) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("session_id", session.sessionId());
        view.put("title", session.title());
        view.put("source", session.source());
        view.put("source_ref", session.sourceRef());
        view.put("agent_name", session.agentName());
        view.put(
                "agent_url",
                session.agentUrl() == null ? null : session.agentUrl().toString());
        view.put("task_count", session.tasks().size());
        view.put(
                "last_state",
                session.tasks().isEmpty()
                        ? null
                        : session.tasks().get(session.tasks().size() - 1).task().state());
        view.put("created_at", session.createdAt());
        view.put("updated_at", session.updatedAt());
        view.put("archived", session.archived());
        return view;
    }

    @Override
    public void stopAccepting() {
        accepting = false;
    }

    @Override
    public boolean awaitIdle(Duration timeout) {
        return true; // the agents run the work; the web view has nothing of its own to finish
    }

    @Override
    public void persist() {
        onPersist.forEach(Runnable::run);
    }
}
