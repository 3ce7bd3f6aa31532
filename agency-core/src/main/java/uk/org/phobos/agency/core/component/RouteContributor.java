package uk.org.phobos.agency.core.component;

import io.javalin.config.RoutesConfig;

/**
 * A component with routes of its own beyond its interfaces (an agent's {@code /sessions}, say).
 * The server's auth, content-type checks and error mapping apply to them as to every route.
 */
public interface RouteContributor {
    void addRoutes(RoutesConfig routes, JsonBodies bodies);
}
