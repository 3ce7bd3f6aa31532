package uk.org.phobos.agency.core.component;

import io.javalin.config.RoutesConfig;
import io.javalin.http.sse.SseClient;
import java.util.Map;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.PageRequest;

/** The routes of {@link Observable}, including Server-Sent Events with {@code Last-Event-ID} replay. */
final class ObserverRoutes {
    private final Observable component;
    private final EventStreams streams;

    ObserverRoutes(Observable component, EventStreams streams) {
        this.component = component;
        this.streams = streams;
    }

    void install(RoutesConfig routes) {
        routes.get("/tasks", ctx -> ctx.json(Map.of("tasks", component.tasks())));
        routes.get(
                "/history",
                ctx -> ctx.json(component.history(PageRequest.parse(ctx.queryParam("page"), ctx.queryParam("limit")))));
        routes.get("/history/{id}", ctx -> {
            String id = ctx.pathParam("id");
            ctx.json(component.historyEntry(id).orElseThrow(() -> notFound(id)));
        });
        routes.get("/history/{id}/debug", ctx -> {
            String id = ctx.pathParam("id");
            ctx.json(Map.of("task_id", id, "lines", component.debugLines(id).orElseThrow(() -> notFound(id))));
        });
        routes.before("/task/{id}/events", ctx -> {
            String id = ctx.pathParam("id");
            EventFeed feed = component.events(id).orElseThrow(() -> notFound(id));
            ctx.attribute(EventFeed.class.getName(), feed);
            ctx.attribute("last-event-id", lastEventId(ctx.header("Last-Event-ID")));
        });
        routes.sse("/task/{id}/events", this::stream);
    }

    private void stream(SseClient client) {
        EventFeed feed = client.ctx().attribute(EventFeed.class.getName());
        Long after = client.ctx().attribute("last-event-id");
        streams.open(client, feed, after == null ? 0 : after);
    }

    private static long lastEventId(String header) {
        if (header == null || header.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            throw ApiException.validation(
                    "Last-Event-ID must be the id of an event (a whole number), got '" + header + "'");
        }
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("no task with id '" + id + "'");
    }
}
