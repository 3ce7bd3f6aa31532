package uk.org.phobos.agency.core.component;

import io.javalin.config.RoutesConfig;
import java.util.function.BooleanSupplier;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.TaskRequest;
import uk.org.phobos.agency.core.api.TaskRequestValidator;

/** The routes of {@link Taskable}. */
final class TaskRoutes {
    private final Taskable component;
    private final JsonBodies bodies;
    private final BooleanSupplier draining;
    private final TaskRequestValidator validator = new TaskRequestValidator();

    TaskRoutes(Taskable component, JsonBodies bodies, BooleanSupplier draining) {
        this.component = component;
        this.bodies = bodies;
        this.draining = draining;
    }

    void install(RoutesConfig routes) {
        routes.post("/task", ctx -> {
            TaskRequest request = validator.validate(bodies.read(ctx, TaskRequest.class));
            if (draining.getAsBoolean()) {
                throw ApiException.unavailable("this component is shutting down and takes no new tasks");
            }
            ctx.status(201).json(component.submit(request));
        });
        routes.get("/task/{id}", ctx -> {
            String id = ctx.pathParam("id");
            ctx.json(component.task(id).orElseThrow(() -> ApiException.notFound("no task with id '" + id + "'")));
        });
        routes.post("/task/{id}/cancel", ctx -> ctx.json(component.cancel(ctx.pathParam("id"))));
    }
}
