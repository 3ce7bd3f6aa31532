package uk.org.phobos.agency.core.component;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;

/** The routes of {@link Configurable}. */
final class ConfigRoutes {
    private final Configurable component;
    private final JsonBodies bodies;

    ConfigRoutes(Configurable component, JsonBodies bodies) {
        this.component = component;
        this.bodies = bodies;
    }

    void install(RoutesConfig routes) {
        routes.get("/config", ctx -> ctx.json(component.currentConfig()));
        routes.put("/config", ctx -> ctx.json(component.replaceConfig(bodies.read(ctx, JsonNode.class))));
    }
}
