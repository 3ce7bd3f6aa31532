package uk.org.phobos.agency.web.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ComponentType;
import uk.org.phobos.agency.core.client.AgencyClient;
import uk.org.phobos.agency.core.component.JsonBodies;
import uk.org.phobos.agency.core.discovery.FleetMember;
import uk.org.phobos.agency.core.discovery.Health;
import uk.org.phobos.agency.web.fleet.FleetDirectory;
import uk.org.phobos.agency.web.http.BrowserRoutes;

/**
 * The scheduler panel, when discovery found a scheduler: its jobs, a job's runs, and Run now, pause
 * and resume, through the scheduler's REST API (SPEC.md section 5). Job names are checked and the
 * target is always the discovered scheduler, never a URL from the request.
 */
public final class SchedulerRoutes implements BrowserRoutes {
    private static final Pattern JOB_NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");
    private static final Set<String> ACTIONS = Set.of("run", "pause", "resume");

    private final FleetDirectory fleet;
    private final AgencyClient client;

    public SchedulerRoutes(FleetDirectory fleet, AgencyClient client) {
        this.fleet = fleet;
        this.client = client;
    }

    @Override
    public void addRoutes(RoutesConfig routes, JsonBodies bodies) {
        routes.get("/ui/api/scheduler", ctx -> {
            Optional<FleetMember> scheduler = scheduler();
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("available", scheduler.isPresent());
            if (scheduler.isPresent()) {
                view.put("name", scheduler.get().status().name());
                view.put("url", scheduler.get().url().toString());
                JsonNode jobs = client.get(scheduler.get().url(), "/jobs", JsonNode.class);
                view.put("jobs", jobs.path("jobs"));
            }
            ctx.json(view);
        });
        routes.get("/ui/api/scheduler/jobs/{name}/runs", ctx -> {
            FleetMember scheduler = requireScheduler();
            ctx.json(client.get(scheduler.url(), "/jobs/" + job(ctx.pathParam("name")) + "/runs", JsonNode.class));
        });
        routes.post("/ui/api/scheduler/jobs/{name}/{action}", ctx -> {
            String action = ctx.pathParam("action");
            if (!ACTIONS.contains(action)) {
                throw ApiException.notFound("no scheduler action '" + action + "' (run, pause or resume)");
            }
            FleetMember scheduler = requireScheduler();
            JsonNode answer = client.send(
                    scheduler.url(),
                    "POST",
                    "/jobs/" + job(ctx.pathParam("name")) + "/" + action,
                    null,
                    JsonNode.class);
            ctx.json(answer);
        });
    }

    private Optional<FleetMember> scheduler() {
        return fleet.members().stream()
                .filter(member -> member.status().type() == ComponentType.HELPER
                        && member.status().name().startsWith("scheduler")
                        && member.health() != Health.DOWN)
                .findFirst();
    }

    private FleetMember requireScheduler() {
        return scheduler().orElseThrow(() -> ApiException.unavailable("no scheduler in the fleet"));
    }

    static String job(String name) {
        if (name == null || !JOB_NAME.matcher(name).matches()) {
            throw ApiException.validation("a job name is letters, digits, '.', '_' and '-' (at most 64)");
        }
        return name;
    }
}
