package uk.org.phobos.agency.web.dashboard;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.SessionIds;
import uk.org.phobos.agency.core.api.TaskSource;
import uk.org.phobos.agency.core.component.EventFeed;
import uk.org.phobos.agency.core.component.JsonBodies;
import uk.org.phobos.agency.web.auth.AuthGate;
import uk.org.phobos.agency.web.fleet.FleetDirectory;
import uk.org.phobos.agency.web.http.Assets;
import uk.org.phobos.agency.web.http.BrowserRoutes;
import uk.org.phobos.agency.web.live.AgentEventRelay;
import uk.org.phobos.agency.web.live.BrowserStreams;
import uk.org.phobos.agency.web.live.LiveHub;
import uk.org.phobos.agency.web.markdown.MarkdownRenderer;
import uk.org.phobos.agency.web.queue.Accepted;
import uk.org.phobos.agency.web.queue.QueueEntry;
import uk.org.phobos.agency.web.queue.TaskIntake;
import uk.org.phobos.agency.web.queue.TaskLookup;
import uk.org.phobos.agency.web.queue.TaskQueue;
import uk.org.phobos.agency.web.queue.WebTaskRequest;
import uk.org.phobos.agency.web.sessions.SessionStore;
import uk.org.phobos.agency.web.sessions.TrackedTask;
import uk.org.phobos.agency.web.sessions.WebSession;

/** The dashboard page and the JSON and event streams behind it (all behind sign-in). */
public final class DashboardRoutes implements BrowserRoutes {
    private static final String FEED = EventFeed.class.getName();
    private static final String AFTER = "last-event-id";
    private static final String SIGN_IN = "sign-in-session";

    record NewTask(String prompt, String agent, String model, Integer timeoutSeconds) {}

    record FollowUp(String prompt, String model, Integer timeoutSeconds) {}

    private final Assets assets;
    private final FleetDirectory fleet;
    private final SessionStore sessions;
    private final TaskQueue queue;
    private final TaskIntake intake;
    private final TaskLookup lookup;
    private final LiveHub hub;
    private final AgentEventRelay relay;
    private final BrowserStreams streams;
    private final AuthGate gate;
    private final Map<String, Object> status;
    private final FleetViews fleetViews = new FleetViews();
    private final SessionViews sessionViews = new SessionViews(new MarkdownRenderer());

    public DashboardRoutes(
            Assets assets,
            FleetDirectory fleet,
            SessionStore sessions,
            TaskQueue queue,
            TaskIntake intake,
            TaskLookup lookup,
            LiveHub hub,
            AgentEventRelay relay,
            BrowserStreams streams,
            AuthGate gate,
            Map<String, Object> status) {
        this.assets = assets;
        this.fleet = fleet;
        this.sessions = sessions;
        this.queue = queue;
        this.intake = intake;
        this.lookup = lookup;
        this.hub = hub;
        this.relay = relay;
        this.streams = streams;
        this.gate = gate;
        this.status = Map.copyOf(status);
    }

    @Override
    public void addRoutes(RoutesConfig routes, JsonBodies bodies) {
        routes.get("/status", ctx -> ctx.json(status));
        routes.get("/", ctx -> assets.serve(ctx, "index.html"));
        routes.get("/assets/{name}", ctx -> assets.serve(ctx, ctx.pathParam("name")));
        routes.get("/favicon.ico", ctx -> assets.serve(ctx, "icon.svg"));
        routes.get(
                "/ui/api/fleet",
                ctx -> ctx.json(Map.of(
                        "members",
                        fleet.members().stream().map(fleetViews::member).toList())));
        routes.get("/ui/api/sessions", ctx -> {
            boolean archived = "true".equals(ctx.queryParam("archived"));
            List<QueueEntry> waiting = queue.waiting();
            List<Map<String, Object>> list = sessions.newestFirst().stream()
                    .filter(session -> session.archived() == archived)
                    .map(session -> sessionViews.summary(session, waitingIn(session, waiting)))
                    .toList();
            ctx.json(Map.of("sessions", list));
        });
        routes.get("/ui/api/sessions/{id}", ctx -> {
            WebSession session = session(ctx);
            ctx.json(sessionViews.detail(session, waitingIn(session, queue.waiting())));
        });
        routes.post("/ui/api/sessions/{id}/archive", ctx -> archive(ctx, true));
        routes.post("/ui/api/sessions/{id}/unarchive", ctx -> archive(ctx, false));
        routes.post("/ui/api/tasks", ctx -> {
            NewTask task = bodies.read(ctx, NewTask.class);
            WebTaskRequest request = new WebTaskRequest(
                    task.prompt(),
                    null,
                    null,
                    blankToNull(task.agent()),
                    blankToNull(task.model()),
                    task.timeoutSeconds(),
                    null,
                    null,
                    TaskSource.WEB,
                    null,
                    null);
            accepted(ctx, intake.submit(request, TaskSource.WEB));
        });
        routes.post("/ui/api/sessions/{id}/continue", ctx -> {
            WebSession session = session(ctx);
            FollowUp followUp = bodies.read(ctx, FollowUp.class);
            WebTaskRequest request = new WebTaskRequest(
                    followUp.prompt(),
                    session.sessionId(),
                    null,
                    null,
                    blankToNull(followUp.model()),
                    followUp.timeoutSeconds(),
                    null,
                    null,
                    TaskSource.WEB,
                    null,
                    null);
            accepted(ctx, intake.submit(request, TaskSource.WEB));
        });
        routes.post(
                "/ui/api/tasks/{id}/cancel",
                ctx -> ctx.json(lookup.cancel(SessionIds.requireValid(ctx.pathParam("id")))));
        routes.get(
                "/ui/api/queue",
                ctx -> ctx.json(Map.of(
                        "entries",
                        queue.waiting().stream().map(TaskLookup::view).toList())));
        routes.before("/ui/api/events", ctx -> {
            ctx.attribute(SIGN_IN, gate.session(ctx).id());
            ctx.attribute(FEED, hub);
            ctx.attribute(AFTER, lastEventId(ctx));
        });
        routes.sse("/ui/api/events", this::stream);
        routes.before("/ui/api/tasks/{id}/events", ctx -> {
            ctx.attribute(SIGN_IN, gate.session(ctx).id());
            String id = SessionIds.requireValid(ctx.pathParam("id"));
            TrackedTask task =
                    sessions.task(id).orElseThrow(() -> ApiException.notFound("no running task '" + id + "'"));
            ctx.attribute(FEED, relay.feed(task.agentUrl(), id));
            ctx.attribute(AFTER, lastEventId(ctx));
        });
        routes.sse("/ui/api/tasks/{id}/events", this::stream);
    }

    /** Opens a stream under the sign-in session that asked for it, so ending that session closes it. */
    private void stream(SseClient client) {
        String signIn = client.ctx().attribute(SIGN_IN);
        EventFeed feed = client.ctx().attribute(FEED);
        Long after = client.ctx().attribute(AFTER);
        streams.open(signIn, client, feed, after == null ? 0 : after);
    }

    private WebSession session(Context ctx) {
        String id = SessionIds.requireValid(ctx.pathParam("id"));
        return sessions.find(id).orElseThrow(() -> ApiException.notFound("no session '" + id + "'"));
    }

    private void archive(Context ctx, boolean archived) {
        WebSession session = session(ctx);
        sessions.archive(session.sessionId(), archived);
        ctx.json(Map.of("session_id", session.sessionId(), "archived", archived));
    }

    private static void accepted(Context ctx, Accepted accepted) {
        ctx.status(accepted.httpStatus()).json(accepted);
    }

    private static List<QueueEntry> waitingIn(WebSession session, List<QueueEntry> waiting) {
        return waiting.stream()
                .filter(entry -> entry.sessionId().equals(session.sessionId()))
                .toList();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    static long lastEventId(Context ctx) {
        String header = ctx.header("Last-Event-ID");
        if (header == null || header.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            throw ApiException.validation("Last-Event-ID must be a whole number");
        }
    }

    static Map<String, Object> statusOf(String name, String version) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("type", "view");
        status.put("name", name);
        status.put("version", version);
        status.put("state", "running");
        return status;
    }
}
