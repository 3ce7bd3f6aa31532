package uk.org.phobos.agency.scheduler.rest;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Map;
import uk.org.phobos.agency.core.component.JsonBodies;
import uk.org.phobos.agency.scheduler.job.InvalidJobException;
import uk.org.phobos.agency.scheduler.job.Job;
import uk.org.phobos.agency.scheduler.job.JobSpec;
import uk.org.phobos.agency.scheduler.job.JobValidator;
import uk.org.phobos.agency.scheduler.run.Run;
import uk.org.phobos.agency.scheduler.run.Scheduler;

/** The scheduler's own routes (SPEC.md section 5); the component server adds auth and the error envelope. */
public final class JobRoutes {
    /** How long {@code POST /jobs/{name}/run} waits for the task to be accepted or refused before answering. */
    static final Duration RUN_ANSWER_WAIT = Duration.ofSeconds(10);

    private final Scheduler scheduler;
    private final JobValidator validator;

    public JobRoutes(Scheduler scheduler, JobValidator validator) {
        this.scheduler = scheduler;
        this.validator = validator;
    }

    public void install(RoutesConfig routes, JsonBodies bodies) {
        JobBodies jobs = new JobBodies(bodies);
        routes.get(
                "/jobs",
                ctx -> ctx.json(Map.of(
                        "jobs", scheduler.jobs().stream().map(JobView::of).toList())));
        routes.post("/jobs", ctx -> ctx.status(201).json(JobView.of(scheduler.create(validate(jobs.read(ctx, null))))));
        routes.get("/jobs/{name}", ctx -> ctx.json(JobView.of(scheduler.job(name(ctx)))));
        routes.put("/jobs/{name}", ctx -> {
            String name = name(ctx);
            scheduler.job(name);
            ctx.json(JobView.of(scheduler.replace(name, validate(jobs.read(ctx, name)))));
        });
        routes.delete("/jobs/{name}", ctx -> {
            String name = name(ctx);
            scheduler.delete(name);
            ctx.json(Map.of("name", name, "deleted", true));
        });
        routes.post("/jobs/{name}/run", this::runNow);
        routes.post("/jobs/{name}/pause", ctx -> ctx.json(JobView.of(scheduler.pause(name(ctx)))));
        routes.post("/jobs/{name}/resume", ctx -> ctx.json(JobView.of(scheduler.resume(name(ctx)))));
        routes.get("/jobs/{name}/runs", ctx -> {
            String name = name(ctx);
            ctx.json(Map.of("job", name, "runs", scheduler.runs(name)));
        });
    }

    private void runNow(Context ctx) throws InterruptedException {
        Run run = scheduler.runNow(name(ctx));
        ctx.status(202)
                .json(scheduler.awaitSubmitted(run.runId(), RUN_ANSWER_WAIT).orElse(run));
    }

    private Job validate(JobSpec spec) {
        try {
            return validator.validate(spec);
        } catch (InvalidJobException e) {
            throw e.toApiException();
        }
    }

    private static String name(Context ctx) {
        return ctx.pathParam("name");
    }
}
