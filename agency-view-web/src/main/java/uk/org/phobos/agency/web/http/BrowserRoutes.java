package uk.org.phobos.agency.web.http;

import io.javalin.config.RoutesConfig;
import uk.org.phobos.agency.core.component.JsonBodies;

/** A feature's routes on the browser side; the server applies headers, CSRF guards and sign-in to each. */
public interface BrowserRoutes {
    void addRoutes(RoutesConfig routes, JsonBodies bodies);
}
